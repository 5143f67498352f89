// find_departments: departments (all, or these) with the categories they may see and tag, by id.
// $ids: list of department ids, or null for all
MATCH (d:Department)
WHERE $ids IS NULL OR d.id IN $ids
RETURN d {.*} AS department,
       COLLECT { MATCH (d)-[:CAN_SEE]->(c:TagCategory) RETURN c.id ORDER BY c.id } AS seeIds,
       COLLECT { MATCH (d)-[:CAN_TAG]->(c:TagCategory) RETURN c.id ORDER BY c.id } AS tagIds,
       COLLECT { MATCH (u:User)-[:MEMBER_OF]->(d) RETURN u.id ORDER BY u.id } AS memberIds
ORDER BY d.id
