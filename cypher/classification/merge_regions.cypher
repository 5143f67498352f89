// merge_regions: upsert the region tree (countries, China's areas, provinces, cities).
// $rows: list of {code, name, nameEn, level, parentCode}; parents come before their children.
UNWIND $rows AS row
MERGE (r:Region {code: row.code})
SET r.name = row.name, r.nameEn = row.nameEn, r.level = row.level
WITH r, row
OPTIONAL MATCH (r)-[old:CHILD_OF]->(previous:Region)
WHERE previous.code <> row.parentCode OR row.parentCode IS NULL
DELETE old
WITH r, row
CALL (r, row) {
  MATCH (parent:Region {code: row.parentCode})
  MERGE (r)-[:CHILD_OF]->(parent)
}
