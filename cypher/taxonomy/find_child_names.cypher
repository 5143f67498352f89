// find_child_names: the live children of these parents, whatever their category (a merge
// brings the children of sources from other categories), plus the live top-level tags of
// $categoryId when $includeRoots; with their normalized names and aliases.
// $parentIds: list of tag ids; $categoryId: category id; $includeRoots: boolean
MATCH (child:Tag)-[:IN_CATEGORY]->(cat:TagCategory)
WHERE child.status IN ['ACTIVE', 'DEPRECATED']
  AND (EXISTS { MATCH (child)-[:CHILD_OF]->(p:Tag) WHERE p.id IN $parentIds }
       OR ($includeRoots AND cat.id = $categoryId
           AND NOT EXISTS { (child)-[:CHILD_OF]->(:Tag) }))
RETURN child.id AS id, child.name AS name, child.normalizedName AS normalizedName,
       coalesce(child.normalizedAliases, []) AS normalizedAliases
