// erase_customer: delete a customer with its assignments and their history (right to
// erasure); returns how many relationships went with it.
// $id: customer id
MATCH (c:Customer {id: $id})
WITH c, COUNT { (c)-[]-() } AS relationships
DETACH DELETE c
RETURN relationships
