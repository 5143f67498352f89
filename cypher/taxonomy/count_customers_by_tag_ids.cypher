// count_customers_by_tag_ids: customers holding each tag, directly or through a descendant.
// A tag of a category the viewer may not see counts nothing, like an unknown one.
// $ids: list of tag ids; $includeDescendants: boolean; $visibleCategoryIds: list of category
// ids, or null for all
UNWIND $ids AS id
MATCH (t:Tag {id: id})-[:IN_CATEGORY]->(cat:TagCategory)
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
RETURN id,
       CASE
         WHEN $includeDescendants
           THEN COUNT { MATCH (c:Customer)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(t) RETURN DISTINCT c }
         // The degree of the tag node: no traversal at all.
         ELSE COUNT { (t)<-[:TAGGED]-(:Customer) }
       END AS customers
