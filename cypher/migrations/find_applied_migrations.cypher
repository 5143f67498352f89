// find_applied_migrations: the schema migrations already recorded in the graph.
// Parameters: none.
MATCH (m:SchemaMigration)
RETURN m.version AS version, m.name AS name, m.checksum AS checksum, m.appliedAt AS appliedAt
ORDER BY version
