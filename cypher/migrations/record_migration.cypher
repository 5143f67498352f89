// record_migration: remember that a schema migration was applied.
// $version: int, $name: string, $checksum: string (sha256 of the file)
MERGE (m:SchemaMigration {version: $version})
ON CREATE SET m.appliedAt = datetime()
SET m.name = $name, m.checksum = $checksum
