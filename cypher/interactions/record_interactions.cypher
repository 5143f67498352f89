// record_interactions: record a batch of interactions, idempotently by their client-supplied id
// (an id seen before is skipped). A new one is linked to its customer (HAD) and product (ABOUT);
// a PURCHASE of a product also adds PURCHASED; the customer's lastInteractionAt keeps the latest.
// Times travel as epoch seconds and nanoseconds: the driver packs datetimes far slower than ints.
// $rows: list of {id, customerId, type, seconds, nanos, amount, productId, channel};
// $now: when recorded
UNWIND $rows AS row
MATCH (c:Customer {id: row.customerId})
MERGE (i:Interaction {id: row.id})
ON CREATE SET i.type = row.type,
              i.at = datetime({epochSeconds: row.seconds, nanosecond: row.nanos}),
              i.amount = row.amount, i.channel = row.channel,
              i.recordedAt = $now, i._new = true
WITH c, i, row, coalesce(i._new, false) AS created
REMOVE i._new
WITH c, i, row, created WHERE created
CREATE (c)-[:HAD]->(i)
SET c.lastInteractionAt = CASE
  WHEN c.lastInteractionAt IS NULL OR c.lastInteractionAt < i.at THEN i.at
  ELSE c.lastInteractionAt END
WITH c, i, row
CALL (c, i, row) {
  MATCH (p:Product {id: row.productId})
  CREATE (i)-[:ABOUT]->(p)
  FOREACH (_ IN CASE WHEN row.type = 'PURCHASE' THEN [1] ELSE [] END |
    CREATE (c)-[:PURCHASED {at: i.at, amount: i.amount, interactionId: i.id}]->(p))
}
RETURN count(i) AS created, collect(DISTINCT c.id) AS customerIds
