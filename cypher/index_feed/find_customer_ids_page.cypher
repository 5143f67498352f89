// find_customer_ids_page: customer ids after $afterId, in id order (the unique index), for the
// index's drift check when the number of customers differs.
// $afterId: string ('' for the first page); $limit: int
MATCH (c:Customer)
WHERE c.id > $afterId
RETURN c.id AS id
ORDER BY c.id
LIMIT $limit
