// create_api_key: a new API key acting for a user, stored as the hash of the key only.
// $id, $name, $prefix, $hash, $expiresAt: datetime or null, $userId, $by; no row without the user
MATCH (u:User {id: $userId})
CREATE (k:ApiKey {
  id: $id, name: $name, prefix: $prefix, hash: $hash, createdAt: datetime(),
  expiresAt: $expiresAt, revokedAt: null, createdBy: $by
})-[:ACTS_FOR]->(u)
RETURN k {.id, .name, .prefix, .createdAt, .expiresAt, .revokedAt} AS key, u.id AS userId
