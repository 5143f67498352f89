// find_membership_facts: what decides a customer's membership of any segment: its properties,
// the root-to-node paths of its industry and region, and of every tag it holds or held.
// $customerId: customer id; $visibleCategoryIds: list of category ids, or null for all
MATCH (c:Customer {id: $customerId})
RETURN c {.*} AS customer,
       head([p = (c)-[:IN_INDUSTRY]->(:Industry)-[:CHILD_OF*0..]->(root:Industry)
             WHERE NOT (root)-[:CHILD_OF]->() | [n IN reverse(nodes(p))[..-1] | [n.code, n.name]]])
         AS industryPath,
       head([p = (c)-[:LOCATED_IN]->(:Region)-[:CHILD_OF*0..]->(root:Region)
             WHERE NOT (root)-[:CHILD_OF]->() | [n IN reverse(nodes(p))[..-1] | [n.code, n.name]]])
         AS regionPath,
       [(c)-[r:TAGGED|WAS_TAGGED]->(t:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
        WHERE $visibleCategoryIds IS NULL OR cat.id IN $visibleCategoryIds |
        {current: type(r) = 'TAGGED', since: r.since, until: r.until, categoryId: cat.id,
         path: head([p = (t)-[:CHILD_OF*0..]->(root:Tag) WHERE NOT (root)-[:CHILD_OF]->() |
                     [n IN reverse(nodes(p)) | [n.id, n.name]]])}] AS assignments
