// find_tag_categories: every tag category the viewer may see, by name.
// $visibleCategoryIds: list of category ids, or null for all
MATCH (cat:TagCategory)
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
RETURN cat {.*} AS category
ORDER BY cat.normalizedName, cat.id
