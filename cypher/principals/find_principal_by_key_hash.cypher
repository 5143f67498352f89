// find_principal_by_key_hash: the key with this hash, its user, departments and the categories
// they may see and tag. $hash: sha256 hex of the presented key
MATCH (k:ApiKey {hash: $hash})-[:ACTS_FOR]->(u:User)
RETURN k.id AS keyId, k.expiresAt AS expiresAt, k.revokedAt AS revokedAt,
       u.id AS userId, u.roles AS roles, coalesce(u.permissions, []) AS permissions,
       COLLECT { MATCH (u)-[:MEMBER_OF]->(d:Department) RETURN d.id } AS departmentIds,
       COLLECT { MATCH (u)-[:MEMBER_OF]->(:Department)-[:CAN_SEE|CAN_TAG]->(c:TagCategory)
                 RETURN DISTINCT c.id } AS visibleIds,
       COLLECT { MATCH (u)-[:MEMBER_OF]->(:Department)-[:CAN_TAG]->(c:TagCategory)
                 RETURN DISTINCT c.id } AS taggableIds
