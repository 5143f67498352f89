// find_interactions: the latest interactions of each customer, newest first.
// $customerIds: list of customer ids; $limit: interactions per customer
UNWIND $customerIds AS customerId
MATCH (c:Customer {id: customerId})
CALL (c) {
  MATCH (c)-[:HAD]->(i:Interaction)
  RETURN i ORDER BY i.at DESC, i.id LIMIT $limit
}
RETURN customerId, i {.*, productId: head([(i)-[:ABOUT]->(p:Product) | p.id])} AS interaction
ORDER BY customerId, interaction.at DESC, interaction.id
