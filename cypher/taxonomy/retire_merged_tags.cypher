// retire_merged_tags: the merged tags leave the tree (status MERGED, MERGED_INTO the target)
// and their names become aliases of the target.
// $sourceIds: list of tag ids; $targetId: tag id; $aliases, $normalizedAliases: the
// target's new alias lists; $now: datetime; $by: who
MATCH (target:Tag {id: $targetId})
SET target.aliases = $aliases, target.normalizedAliases = $normalizedAliases,
    target.updatedAt = $now, target.updatedBy = $by
WITH target
MATCH (s:Tag)
WHERE s.id IN $sourceIds
OPTIONAL MATCH (s)-[up:CHILD_OF]->(:Tag)
DELETE up
WITH DISTINCT target, s
SET s.status = 'MERGED', s.updatedAt = $now, s.updatedBy = $by
CREATE (s)-[:MERGED_INTO {at: $now, by: $by}]->(target)
RETURN count(s) AS retired
