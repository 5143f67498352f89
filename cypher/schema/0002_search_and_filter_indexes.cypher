// Migration 0002: indexes for tag-name lookups, full-text search and segment filters.
CREATE INDEX tag_normalized_name IF NOT EXISTS FOR (t:Tag) ON (t.normalizedName);
CREATE INDEX tag_status IF NOT EXISTS FOR (t:Tag) ON (t.status);
CREATE INDEX customer_employees IF NOT EXISTS FOR (c:Customer) ON (c.employees);
CREATE INDEX customer_annual_revenue IF NOT EXISTS FOR (c:Customer) ON (c.annualRevenue);
CREATE INDEX customer_last_interaction IF NOT EXISTS FOR (c:Customer) ON (c.lastInteractionAt);
CREATE INDEX customer_created_at IF NOT EXISTS FOR (c:Customer) ON (c.createdAt);
CREATE INDEX customer_kind IF NOT EXISTS FOR (c:Customer) ON (c.kind);
CREATE INDEX customer_name IF NOT EXISTS FOR (c:Customer) ON (c.name);
CREATE INDEX region_level IF NOT EXISTS FOR (r:Region) ON (r.level);
CREATE INDEX industry_level IF NOT EXISTS FOR (i:Industry) ON (i.level);
// Full-text search over names (CJK analyzer: Chinese names have no spaces between words).
CREATE FULLTEXT INDEX customer_name_fulltext IF NOT EXISTS FOR (c:Customer) ON EACH [c.name]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
CREATE FULLTEXT INDEX tag_name_fulltext IF NOT EXISTS FOR (t:Tag) ON EACH [t.name, t.description]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};
