// count_customers_by_codes: customers in each region or any of its subregions.
// $codes: list of region codes
UNWIND $codes AS code
MATCH (n:Region {code: code})
CALL (n) {
  MATCH (c:Customer)-[:LOCATED_IN]->(:Region)-[:CHILD_OF*0..]->(n)
  RETURN count(c) AS customers
}
RETURN code, customers
