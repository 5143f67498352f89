// find_users: users (all, or those with these ids) with the ids of their departments, by id.
// $ids: list of user ids, or null for all
MATCH (u:User)
WHERE $ids IS NULL OR u.id IN $ids
RETURN u {.*} AS user, COLLECT { MATCH (u)-[:MEMBER_OF]->(d:Department) RETURN d.id } AS departmentIds
ORDER BY u.id
