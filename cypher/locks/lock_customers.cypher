// lock_customers: write-lock customers in id order before an exclusive-category tag replaces
// their old one, so that two concurrent calls cannot each add a different tag of the category.
// $ids: list of customer ids
UNWIND $ids AS id
MATCH (c:Customer {id: id})
WITH c ORDER BY c.id
SET c._lock = true
REMOVE c._lock
RETURN count(c) AS locked
