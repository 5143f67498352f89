// move_assignments: end every current assignment of the $fromIds tags (kept as WAS_TAGGED with
// $reason) and give each of those customers the target tag instead (once, however many
// sources they held).
// $fromIds: list of tag ids; $targetId: tag id; $now: datetime; $by: who;
// $reason: MERGED or DELETED; $note: string
MATCH (c:Customer)-[r:TAGGED]->(s:Tag)
WHERE s.id IN $fromIds
CREATE (c)-[:WAS_TAGGED {
  since: r.since, until: $now, by: r.by, source: r.source, note: r.note, ruleId: r.ruleId,
  removedBy: $by, removedSource: 'MERGE', reason: $reason
}]->(s)
DELETE r
WITH DISTINCT c
MATCH (target:Tag {id: $targetId})
OPTIONAL MATCH (c)-[existing:TAGGED]->(target)
WITH c, target, existing IS NOT NULL AS present
MERGE (c)-[t:TAGGED]->(target)
ON CREATE SET t.since = $now, t.by = $by, t.source = 'MERGE', t.note = $note
RETURN count(c) AS customers, sum(CASE WHEN present THEN 0 ELSE 1 END) AS added
