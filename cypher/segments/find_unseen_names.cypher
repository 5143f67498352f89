// find_unseen_names: which of the tags and tag categories a filter names do not exist for the
// viewer (unknown, or in a category it may not see: the same answer for both).
// $tagIds: list of tag ids; $categoryIds: list of category ids;
// $visibleCategoryIds: list of category ids, or null for all
RETURN [id IN $tagIds WHERE NOT EXISTS {
          MATCH (:Tag {id: id})-[:IN_CATEGORY]->(cat:TagCategory)
          WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
        }] AS tagIds,
       [id IN $categoryIds WHERE NOT EXISTS {
          MATCH (cat:TagCategory {id: id})
          WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
        }] AS categoryIds
