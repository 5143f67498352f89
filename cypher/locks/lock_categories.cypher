// lock_categories: write-lock tag categories in id order. Every change to a category's tree
// (create, rename, move, merge, delete) takes this lock first, so such changes in one category
// run one after another: a cycle check or a sibling-name check then sees every committed
// change, and no interleaving of two moves can create a cycle or a second parent.
// $ids: list of category ids; $visibleCategoryIds: list of category ids, or null for all
UNWIND $ids AS id
MATCH (cat:TagCategory {id: id})
WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds
WITH cat ORDER BY cat.id
SET cat._lock = true
REMOVE cat._lock
RETURN cat.id AS id, cat.name AS name, coalesce(cat.exclusive, false) AS exclusive
