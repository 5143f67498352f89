// count_assignments: current assignments of these tags, their live children outside them, and
// the tag rules whose action assigns or removes one of them.
// $ids: list of tag ids
MATCH (t:Tag)
WHERE t.id IN $ids
RETURN sum(COUNT { (t)<-[:TAGGED]-(:Customer) }) AS assignments,
       sum(COUNT { MATCH (child:Tag)-[:CHILD_OF]->(t) WHERE NOT child.id IN $ids }) AS children,
       sum(COUNT { (t)<-[:ASSIGNS|REMOVES]-(:TagRule) }) AS rules
