// find_sibling_by_normalized_name: a tag with this normalized name (or alias) at the same level:
// under $parentId, or at the top of $categoryId when $parentId is null.
// $normalizedName: string; $parentId: tag id or null; $categoryId: category id;
// $exceptId: the tag itself when it is renamed or moved, else null
MATCH (sibling:Tag)-[:IN_CATEGORY]->(:TagCategory {id: $categoryId})
WHERE sibling.status IN ['ACTIVE', 'DEPRECATED']
  AND sibling.id <> coalesce($exceptId, '')
  AND (sibling.normalizedName = $normalizedName
       OR $normalizedName IN coalesce(sibling.normalizedAliases, []))
  AND (($parentId IS NULL AND NOT EXISTS { (sibling)-[:CHILD_OF]->(:Tag) })
       OR EXISTS { (sibling)-[:CHILD_OF]->(:Tag {id: $parentId}) })
RETURN sibling.id AS id, sibling.name AS name
LIMIT 1
