// count_customers_with_ids: how many of these customer ids exist already.
// $ids: list of customer ids
UNWIND $ids AS id
MATCH (c:Customer {id: id})
RETURN count(c) AS existing
