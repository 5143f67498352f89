// grant_see: a department may see a tag category; no row when either does not exist.
// $departmentId, $categoryId, $by
MATCH (d:Department {id: $departmentId}), (c:TagCategory {id: $categoryId})
MERGE (d)-[g:CAN_SEE]->(c)
ON CREATE SET g.since = datetime(), g.by = $by
RETURN d.id AS departmentId, c.id AS categoryId
