// Migration 0006: interactions, products, tag rules and their runs.
// (:Customer)-[:HAD]->(:Interaction {id, type, at, amount, channel})-[:ABOUT]->(:Product);
// a purchase of a product also gives (:Customer)-[:PURCHASED {at, amount, interactionId}]->(:Product).
// The client-supplied interaction id is unique: a retried batch never records twice.
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (i:Interaction) REQUIRE i.id IS UNIQUE;
CREATE INDEX interaction_at IF NOT EXISTS FOR (i:Interaction) ON (i.at);
CREATE INDEX interaction_type IF NOT EXISTS FOR (i:Interaction) ON (i.type);
// (:TagRule)-[:ASSIGNS|REMOVES]->(:Tag); (:RuleRun)-[:OF_RULE]->(:TagRule).
CREATE CONSTRAINT tag_rule_id IF NOT EXISTS FOR (r:TagRule) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT tag_rule_name IF NOT EXISTS FOR (r:TagRule) REQUIRE r.normalizedName IS UNIQUE;
CREATE INDEX rule_run_at IF NOT EXISTS FOR (r:RuleRun) ON (r.at);
