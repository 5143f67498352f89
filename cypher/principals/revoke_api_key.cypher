// revoke_api_key: revoke a key (idempotent: the first revocation time stays).
// $id; no row when it does not exist
MATCH (k:ApiKey {id: $id})-[:ACTS_FOR]->(u:User)
SET k.revokedAt = coalesce(k.revokedAt, datetime())
RETURN k {.id, .name, .prefix, .createdAt, .expiresAt, .revokedAt} AS key, u.id AS userId
