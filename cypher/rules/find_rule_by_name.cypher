// find_rule_by_name: the id of the rule with this normalized name, if any.
// $normalizedName: string
MATCH (r:TagRule {normalizedName: $normalizedName})
RETURN r.id AS id
