// Migration 0001: uniqueness constraints on every business key.
// Each constraint also creates the range index that lookups by that key use.
CREATE CONSTRAINT customer_id IF NOT EXISTS FOR (c:Customer) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT tag_id IF NOT EXISTS FOR (t:Tag) REQUIRE t.id IS UNIQUE;
CREATE CONSTRAINT tag_category_id IF NOT EXISTS FOR (c:TagCategory) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT tag_category_name IF NOT EXISTS FOR (c:TagCategory) REQUIRE c.normalizedName IS UNIQUE;
CREATE CONSTRAINT industry_code IF NOT EXISTS FOR (i:Industry) REQUIRE i.code IS UNIQUE;
CREATE CONSTRAINT region_code IF NOT EXISTS FOR (r:Region) REQUIRE r.code IS UNIQUE;
CREATE CONSTRAINT product_id IF NOT EXISTS FOR (p:Product) REQUIRE p.id IS UNIQUE;
CREATE CONSTRAINT schema_migration_version IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE;
