// tag_distribution: for every live tag of a category (every depth) its direct customers and
// its distinct customers through itself or a descendant; the customers holding any tag of the
// category; and all customers of the graph. No row when the category is unknown or hidden.
// $categoryId: category id; $visibleCategoryIds: list of category ids, or null for all
MATCH (cat:TagCategory {id: $categoryId})
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
CALL (cat) {
  MATCH (t:Tag)-[:IN_CATEGORY]->(cat)
  WHERE coalesce(t.status, 'ACTIVE') IN ['ACTIVE', 'DEPRECATED']
  // Aggregates to one row, with an empty list for a category without live tags.
  RETURN collect({
    id: t.id,
    normalizedName: t.normalizedName,
    directCustomers: COUNT { (t)<-[:TAGGED]-() },
    // A leaf's customers are its direct ones; only inner tags need the distinct count.
    customersWithDescendants: CASE
      WHEN EXISTS { (:Tag)-[:CHILD_OF]->(t) }
        THEN COUNT { MATCH (c:Customer)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(t) RETURN DISTINCT c }
      ELSE COUNT { (t)<-[:TAGGED]-() }
    END
  }) AS tags
}
RETURN tags,
       COUNT { MATCH (c:Customer)-[:TAGGED]->(:Tag)-[:IN_CATEGORY]->(cat) RETURN DISTINCT c }
         AS customersWithAnyTag,
       // From the count store: no scan.
       COUNT { (:Customer) } AS totalCustomers
