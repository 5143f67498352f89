// lock_tag_category: write-lock a category that is about to get a top-level tag (see
// lock_tag_parent for why).
// $categoryId: category id; $visibleCategoryIds: list of category ids, or null for all
MATCH (cat:TagCategory {id: $categoryId})
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
SET cat._lock = true
REMOVE cat._lock
RETURN cat.id AS categoryId
