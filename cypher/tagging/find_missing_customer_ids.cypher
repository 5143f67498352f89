// find_missing_customer_ids: which of these ids name no customer.
// $ids: list of customer ids
UNWIND $ids AS id
OPTIONAL MATCH (c:Customer {id: id})
WITH id, c WHERE c IS NULL
RETURN collect(id) AS missing
