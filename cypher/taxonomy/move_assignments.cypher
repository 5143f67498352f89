// move_assignments: end every current assignment of the $fromIds tags (kept as WAS_TAGGED with
// $reason) and give each of those customers the target tag instead (once, however many
// sources they held).
// $fromIds: list of tag ids; $targetId: tag id; $now: datetime; $by: who;
// $reason: MERGED or DELETED; $note: string
MATCH (c:Customer)-[r:TAGGED]->(s:Tag)
WHERE s.id IN $fromIds
CREATE (c)-[:WAS_TAGGED {
  since: r.since, until: $now, by: r.by, source: r.source, note: r.note, ruleId: r.ruleId,
  expiresAt: r.expiresAt, removedBy: $by, removedSource: 'MERGE', reason: $reason
}]->(s)
WITH c, r, r.expiresAt AS expiresAt
DELETE r
// The new assignment expires only if every one it replaces did (at the latest of them).
WITH c, collect(expiresAt) AS expiries, count(*) AS replaced
MATCH (target:Tag {id: $targetId})
OPTIONAL MATCH (c)-[existing:TAGGED]->(target)
WITH c, target, existing IS NOT NULL AS present,
     CASE WHEN size(expiries) = replaced THEN reduce(m = null, e IN expiries |
       CASE WHEN m IS NULL OR e > m THEN e ELSE m END) END AS expiresAt
MERGE (c)-[t:TAGGED]->(target)
ON CREATE SET t.since = $now, t.by = $by, t.source = 'MERGE', t.note = $note,
              t.expiresAt = expiresAt
RETURN count(c) AS customers, sum(CASE WHEN present THEN 0 ELSE 1 END) AS added
