// merge_products: create or update products (id, name, line, tier).
// $rows: list of {id, name, line, tier}
UNWIND $rows AS row
MERGE (p:Product {id: row.id})
SET p.name = row.name, p.line = row.line, p.tier = row.tier
RETURN count(p) AS merged
