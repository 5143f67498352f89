// merge_industries: upsert the GB/T 4754-2017 industry tree (sections, then divisions).
// $rows: list of {code, name, level, parentCode}; parents come before their children.
UNWIND $rows AS row
MERGE (i:Industry {code: row.code})
SET i.name = row.name, i.level = row.level
WITH i, row
OPTIONAL MATCH (i)-[old:CHILD_OF]->(previous:Industry)
WHERE previous.code <> row.parentCode OR row.parentCode IS NULL
DELETE old
WITH i, row
CALL (i, row) {
  MATCH (parent:Industry {code: row.parentCode})
  MERGE (i)-[:CHILD_OF]->(parent)
}
