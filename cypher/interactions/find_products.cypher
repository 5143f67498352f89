// find_products: every product, by line and tier, with how many purchases of it were recorded.
// Parameters: none
MATCH (p:Product)
RETURN p {.*, purchases: COUNT { (p)<-[:PURCHASED]-() }} AS product
ORDER BY p.line, p.tier, p.id
