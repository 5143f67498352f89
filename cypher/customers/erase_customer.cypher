// erase_customer: delete a customer with its assignments and their history, its interactions
// and similarity links (right to erasure); returns how many relationships went with it, not
// counting assignments of tags the viewer may not see (they go too, unseen).
// $id: customer id; $visibleCategoryIds: list of category ids, or null for all
MATCH (c:Customer {id: $id})
WITH c, COUNT {
  MATCH (c)-[r]-(n)
  WHERE $visibleCategoryIds IS NULL OR NOT type(r) IN ['TAGGED', 'WAS_TAGGED']
     OR EXISTS { (n)-[:IN_CATEGORY]->(cat:TagCategory) WHERE cat.id IN $visibleCategoryIds }
} AS relationships
CALL (c) {
  MATCH (c)-[:HAD]->(i:Interaction)
  DETACH DELETE i
}
DETACH DELETE c
RETURN relationships
