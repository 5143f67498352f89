// count_exclusive_conflicts: customers who would hold two tags of the exclusive category
// $categoryId after a change that brings the tags of $groups into it; each group becomes one
// tag (a merge collapses its sources and target; a moved subtree keeps every tag apart).
// $groups: list of lists of tag ids; $categoryId: category id
WITH $groups AS groups, reduce(ids = [], g IN $groups | ids + g) AS incoming
UNWIND incoming AS incomingId
MATCH (c:Customer)-[:TAGGED]->(:Tag {id: incomingId})
WITH DISTINCT c, groups, incoming
CALL (c, incoming) {
  MATCH (c)-[:TAGGED]->(t:Tag)
  WHERE t.id IN incoming OR EXISTS { (t)-[:IN_CATEGORY]->(:TagCategory {id: $categoryId}) }
  RETURN collect(DISTINCT t.id) AS held
}
WITH c, size([g IN groups WHERE any(id IN g WHERE id IN held)])
        + size([id IN held WHERE NOT id IN incoming]) AS tagsAfter
WHERE tagsAfter > 1
RETURN count(c) AS customers
