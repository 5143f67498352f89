// estimate_anchor_sizes: for each subtree a filter requires (a tag, industry or region and its
// descendants), how many relationships lead customers into it: an upper bound on the
// customers a query anchored there starts from, read from the relationship counts Neo4j keeps
// per node (no customer is visited).
// $anchors: list of {kind: 'TAG' | 'INDUSTRY' | 'REGION', key}
UNWIND $anchors AS anchor
CALL (anchor) {
  WITH anchor WHERE anchor.kind = 'TAG'
  MATCH (:Tag {id: anchor.key})<-[:CHILD_OF*0..]-(t:Tag)
  RETURN sum(COUNT { (t)<-[:TAGGED]-() }) AS size
  UNION ALL
  WITH anchor WHERE anchor.kind = 'INDUSTRY'
  MATCH (:Industry {code: anchor.key})<-[:CHILD_OF*0..]-(i:Industry)
  RETURN sum(COUNT { (i)<-[:IN_INDUSTRY]-() }) AS size
  UNION ALL
  WITH anchor WHERE anchor.kind = 'REGION'
  MATCH (:Region {code: anchor.key})<-[:CHILD_OF*0..]-(r:Region)
  RETURN sum(COUNT { (r)<-[:LOCATED_IN]-() }) AS size
}
RETURN anchor.kind AS kind, anchor.key AS key, sum(size) AS size
