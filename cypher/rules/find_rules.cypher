// find_rules: rules (all, or those with the given ids) the viewer may see, with the category
// of their tag, by priority (highest first) then id. A rule is invisible when its action's tag
// or a tag or category its condition names (FILTERS_ON) lies outside the visible categories.
// $ids: list of rule ids, or null for all; $visibleCategoryIds: list of category ids, or null
// for all
MATCH (r:TagRule)-[:ASSIGNS|REMOVES]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE ($ids IS NULL OR r.id IN $ids)
  AND ($visibleCategoryIds IS NULL OR (cat.id IN $visibleCategoryIds AND NOT EXISTS {
    MATCH (r)-[:FILTERS_ON]->(n)
    WHERE (n:Tag AND NOT EXISTS {
            MATCH (n)-[:IN_CATEGORY]->(named:TagCategory) WHERE named.id IN $visibleCategoryIds
          })
       OR (n:TagCategory AND NOT n.id IN $visibleCategoryIds)
  }))
RETURN r {.*, categoryId: cat.id, exclusive: coalesce(cat.exclusive, false),
       tagStatus: coalesce(t.status, 'ACTIVE')} AS rule
ORDER BY r.priority DESC, r.id
