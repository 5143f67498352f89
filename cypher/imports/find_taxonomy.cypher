// find_taxonomy: the visible categories with every tag of each (live and retired), what an
// import resolves tag paths against.
// $visibleCategoryIds: list of category ids, or null for all;
// $taggableCategoryIds: list of category ids, or null for every visible one
MATCH (cat:TagCategory)
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
RETURN cat {.id, .name, .normalizedName, .color, .description,
            exclusive: coalesce(cat.exclusive, false)} AS category,
       ($taggableCategoryIds IS NULL OR cat.id IN $taggableCategoryIds) AS taggable,
       [(t:Tag)-[:IN_CATEGORY]->(cat) |
        t {.id, .name, .normalizedName, .color, .description,
           status: coalesce(t.status, 'ACTIVE'), aliases: coalesce(t.aliases, []),
           parentId: head([(t)-[:CHILD_OF]->(p:Tag) | p.id])}] AS tags
ORDER BY cat.id
