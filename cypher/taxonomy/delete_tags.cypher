// delete_tags: delete these tags (a subtree without current assignments). A tag that history
// refers to (past assignments, merged tags) stays as status DELETED outside the tree, so that
// history remains readable; any other tag is removed entirely.
// $ids: list of tag ids; $now: datetime; $by: who
MATCH (t:Tag)
WHERE t.id IN $ids
OPTIONAL MATCH (t)-[up:CHILD_OF]->(:Tag)
DELETE up
WITH DISTINCT t
CALL (t) {
  WITH t WHERE EXISTS { (t)<-[:WAS_TAGGED|MERGED_INTO]-() }
  SET t.status = 'DELETED', t.updatedAt = $now, t.updatedBy = $by
  RETURN 'kept' AS outcome
  UNION
  WITH t WHERE NOT EXISTS { (t)<-[:WAS_TAGGED|MERGED_INTO]-() }
  DETACH DELETE t
  RETURN 'removed' AS outcome
}
RETURN count(*) AS deleted
