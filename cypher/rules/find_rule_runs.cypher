// find_rule_runs: the latest runs of each rule the viewer may see (see find_rules), newest
// first.
// $ruleIds: list of rule ids; $limit: runs per rule; $visibleCategoryIds: list of category
// ids, or null for all
UNWIND $ruleIds AS ruleId
MATCH (rule:TagRule {id: ruleId})-[:ASSIGNS|REMOVES]->(:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE $visibleCategoryIds IS NULL OR (cat.id IN $visibleCategoryIds AND NOT EXISTS {
  MATCH (rule)-[:FILTERS_ON]->(n)
  WHERE (n:Tag AND NOT EXISTS {
          MATCH (n)-[:IN_CATEGORY]->(named:TagCategory) WHERE named.id IN $visibleCategoryIds
        })
     OR (n:TagCategory AND NOT n.id IN $visibleCategoryIds)
})
CALL (rule) {
  MATCH (run:RuleRun)-[:OF_RULE]->(rule)
  RETURN run ORDER BY run.at DESC, run.id DESC LIMIT $limit
}
RETURN ruleId, run {.*} AS run
ORDER BY ruleId, run.at DESC, run.id DESC
