// find_api_keys: API keys (never their hash), of one user or all, newest first.
// $userId: user id or null for all
MATCH (k:ApiKey)-[:ACTS_FOR]->(u:User)
WHERE $userId IS NULL OR u.id = $userId
RETURN k {.id, .name, .prefix, .createdAt, .expiresAt, .revokedAt} AS key, u.id AS userId
ORDER BY k.createdAt DESC, k.id
