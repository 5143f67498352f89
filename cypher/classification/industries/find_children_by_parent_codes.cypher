// find_children_by_parent_codes: the direct sub-industries of each of these industries.
// $codes: list of parent industry codes
MATCH (n:Industry)-[:CHILD_OF]->(parent:Industry)
WHERE parent.code IN $codes
RETURN n {.*, parentCode: parent.code} AS node
ORDER BY n.code
