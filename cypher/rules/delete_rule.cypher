// delete_rule: delete a rule; its runs stay (they keep the rule's id and name).
// $id: rule id
MATCH (r:TagRule {id: $id})
OPTIONAL MATCH (run:RuleRun)-[:OF_RULE]->(r)
SET run.ruleName = r.name
WITH DISTINCT r
DETACH DELETE r
RETURN count(*) AS deleted
