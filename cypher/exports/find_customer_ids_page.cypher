// find_customer_ids_page: the ids of every customer, one keyset page in id order.
// $afterId: last id of the previous page ('' for the first); $limit: int
MATCH (c:Customer)
WHERE c.id > $afterId
RETURN c.id AS id
ORDER BY c.id
LIMIT $limit
