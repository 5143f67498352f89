// recommend_products: products that similar customers bought and this customer did not, ranked
// by the summed similarity of their buyers.
// $customerId: the customer; $neighbours: list of {id, score} (its most similar customers);
// $limit: int
UNWIND $neighbours AS neighbour
MATCH (:Customer {id: neighbour.id})-[:PURCHASED]->(p:Product)
WHERE NOT EXISTS { (:Customer {id: $customerId})-[:PURCHASED]->(p) }
WITH DISTINCT p, neighbour.id AS buyerId, neighbour.score AS score
ORDER BY score DESC, buyerId
WITH p, sum(score) AS support, count(*) AS buyers, collect(buyerId) AS buyerIds
RETURN p.id AS id, p.name AS name, p.line AS line, p.tier AS tier, support, buyers,
       buyerIds[..5] AS backers, COUNT { (p)<-[:PURCHASED]-() } AS purchases
ORDER BY support DESC, id
LIMIT $limit
