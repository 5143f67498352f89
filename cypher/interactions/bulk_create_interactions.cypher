// bulk_create_interactions: bulk-create the interactions of generated data sets (demo and
// benchmark), whose customers and products exist; ids must be new (the loader's own).
// Times travel as epoch milliseconds. lastInteractionAt keeps the latest.
// $rows: list of {id, customerId, type, at, amount, productId, channel}
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
WITH c, row, datetime({epochMillis: row.at}) AS at
CREATE (c)-[:HAD]->(i:Interaction {id: row.id, type: row.type, at: at, amount: row.amount,
                                   channel: row.channel})
SET c.lastInteractionAt = CASE
  WHEN c.lastInteractionAt IS NULL OR c.lastInteractionAt < at THEN at
  ELSE c.lastInteractionAt END
WITH c, i, row
CALL (c, i, row) {
  MATCH (p:Product {id: row.productId})
  CREATE (i)-[:ABOUT]->(p)
  FOREACH (_ IN CASE WHEN row.type = 'PURCHASE' THEN [1] ELSE [] END |
    CREATE (c)-[:PURCHASED {at: i.at, amount: i.amount, interactionId: i.id}]->(p))
}
RETURN count(i) AS created
