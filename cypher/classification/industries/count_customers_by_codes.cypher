// count_customers_by_codes: customers in each industry or any of its sub-industries.
// $codes: list of industry codes
UNWIND $codes AS code
MATCH (n:Industry {code: code})
CALL (n) {
  MATCH (c:Customer)-[:IN_INDUSTRY]->(:Industry)-[:CHILD_OF*0..]->(n)
  RETURN count(c) AS customers
}
RETURN code, customers
