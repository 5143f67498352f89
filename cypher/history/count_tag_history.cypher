// count_tag_history: how many tag events a customer has (ADDED and REMOVED).
// $customerId: customer id; $visibleCategoryIds: list of category ids, or null for all
MATCH (c:Customer {id: $customerId})
RETURN COUNT { MATCH (c)-[:TAGGED]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
               WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds }
     + 2 * COUNT { MATCH (c)-[:WAS_TAGGED]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
                   WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds } AS total
