// count_customers_by_tag_ids: customers holding each tag, directly or through a descendant.
// $ids: list of tag ids; $includeDescendants: boolean
UNWIND $ids AS id
MATCH (t:Tag {id: id})
CALL (t) {
  WITH t WHERE NOT $includeDescendants
  RETURN COUNT { (t)<-[:TAGGED]-(:Customer) } AS customers
  UNION
  WITH t WHERE $includeDescendants
  MATCH (c:Customer)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(t)
  RETURN count(DISTINCT c) AS customers
}
RETURN id, customers
