// count_customers_by_tag_ids: customers holding each tag, directly or through a descendant.
// $ids: list of tag ids; $includeDescendants: boolean
UNWIND $ids AS id
MATCH (t:Tag {id: id})
RETURN id,
       CASE
         WHEN $includeDescendants
           THEN COUNT { MATCH (c:Customer)-[:TAGGED]->(:Tag)-[:CHILD_OF*0..]->(t) RETURN DISTINCT c }
         // The degree of the tag node: no traversal at all.
         ELSE COUNT { (t)<-[:TAGGED]-(:Customer) }
       END AS customers
