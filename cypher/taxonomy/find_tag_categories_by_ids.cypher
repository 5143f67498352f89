// find_tag_categories_by_ids: the categories with these ids that the viewer may see.
// $ids: list of category ids; $visibleCategoryIds: list of category ids, or null for all
MATCH (cat:TagCategory)
WHERE cat.id IN $ids AND ($visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds)
RETURN cat {.*} AS category
