// record_rule_runs: one RuleRun per rule of a run: when, what triggered it, how many customers
// it evaluated and matched, and what it changed.
// $runId: id shared by the rules of one run; $at: the run's clock; $trigger: SCHEDULE | EVENT |
// MANUAL; $seconds: duration; $rows: list of {ruleId, evaluated, matched, added, removed,
// replaced, overridden}
UNWIND $rows AS row
MATCH (rule:TagRule {id: row.ruleId})
CREATE (run:RuleRun {
  id: $runId + ':' + row.ruleId, runId: $runId, at: $at, trigger: $trigger, seconds: $seconds,
  ruleId: row.ruleId, evaluated: row.evaluated, matched: row.matched, added: row.added,
  removed: row.removed, replaced: row.replaced, overridden: row.overridden
})-[:OF_RULE]->(rule)
RETURN count(run) AS recorded
