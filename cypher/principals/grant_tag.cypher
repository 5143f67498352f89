// grant_tag: a department may see a tag category and tag customers with its tags; no row when
// either does not exist. $departmentId, $categoryId, $by
MATCH (d:Department {id: $departmentId}), (c:TagCategory {id: $categoryId})
MERGE (d)-[g:CAN_TAG]->(c)
ON CREATE SET g.since = datetime(), g.by = $by
RETURN d.id AS departmentId, c.id AS categoryId
