// find_children_by_parent_codes: the direct subregions of each of these regions.
// $codes: list of parent region codes
MATCH (n:Region)-[:CHILD_OF]->(parent:Region)
WHERE parent.code IN $codes
RETURN n {.*, parentCode: parent.code} AS node
ORDER BY n.code
