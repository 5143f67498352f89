// untag_customers: remove these tags from these customers (absent assignments are ignored).
// $customerIds: list of customer ids; $tagIds: list of tag ids
UNWIND $customerIds AS customerId
MATCH (:Customer {id: customerId})-[r:TAGGED]->(t:Tag)
WHERE t.id IN $tagIds
DELETE r
RETURN count(r) AS removed
