// find_existing_customer_ids: which of these ids name a customer.
// $ids: list of customer ids
UNWIND $ids AS id
MATCH (c:Customer {id: id})
RETURN collect(c.id) AS ids
