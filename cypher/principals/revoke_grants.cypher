// revoke_grants: a department loses its CAN_SEE and/or CAN_TAG on a tag category.
// $departmentId, $categoryId, $types: list of 'CAN_SEE' / 'CAN_TAG'; no row when either is missing
MATCH (d:Department {id: $departmentId}), (c:TagCategory {id: $categoryId})
OPTIONAL MATCH (d)-[g:CAN_SEE|CAN_TAG]->(c)
WHERE type(g) IN $types
DELETE g
RETURN DISTINCT d.id AS departmentId, c.id AS categoryId
