// erase_customer: delete a customer with its assignments and their history, its interactions
// and similarity links (right to erasure); returns how many relationships went with it.
// $id: customer id
MATCH (c:Customer {id: $id})
WITH c, COUNT { (c)-[]-() } AS relationships
CALL (c) {
  MATCH (c)-[:HAD]->(i:Interaction)
  DETACH DELETE i
}
DETACH DELETE c
RETURN relationships
