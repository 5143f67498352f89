// count_customers: how many customers the graph holds (from the count store), for the index's
// drift check.
// Parameters: none.
MATCH (c:Customer)
RETURN count(c) AS customers
