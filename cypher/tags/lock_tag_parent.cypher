// lock_tag_parent: write-lock a tag that is about to get a child, so that concurrent creations
// under it are serialized and the sibling-name check that follows sees every committed sibling.
// $parentId: tag id; $visibleCategoryIds: list of category ids, or null for all
MATCH (parent:Tag {id: $parentId})-[:IN_CATEGORY]->(cat:TagCategory)
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
SET parent._lock = true
REMOVE parent._lock
RETURN parent.id AS parentId, cat.id AS categoryId
