// find_rule_runs: the latest runs of each rule, newest first.
// $ruleIds: list of rule ids; $limit: runs per rule
UNWIND $ruleIds AS ruleId
MATCH (rule:TagRule {id: ruleId})
CALL (rule) {
  MATCH (run:RuleRun)-[:OF_RULE]->(rule)
  RETURN run ORDER BY run.at DESC, run.id DESC LIMIT $limit
}
RETURN ruleId, run {.*} AS run
ORDER BY ruleId, run.at DESC, run.id DESC
