// find_customer_state: what an import compares its rows with: the customers among these ids,
// their properties, industry and region codes and the tags they hold (in visible categories).
// $ids: list of customer ids; $visibleCategoryIds: list of category ids, or null for all
UNWIND $ids AS id
MATCH (c:Customer {id: id})
OPTIONAL MATCH (c)-[:IN_INDUSTRY]->(i:Industry)
OPTIONAL MATCH (c)-[:LOCATED_IN]->(r:Region)
RETURN c.id AS id,
       c {.name, .kind, .employees, .annualRevenue, .email, .phone} AS props,
       i.code AS industry, r.code AS region,
       [(c)-[:TAGGED]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
        WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds | t.id] AS tagIds
