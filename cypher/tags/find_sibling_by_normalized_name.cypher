// find_sibling_by_normalized_name: a tag with this normalized name (or alias) at the same level:
// under $parentId, or at the top of $categoryId when $parentId is null.
// $normalizedName: string; $parentId: tag id or null; $categoryId: category id
MATCH (sibling:Tag)-[:IN_CATEGORY]->(:TagCategory {id: $categoryId})
WHERE (sibling.normalizedName = $normalizedName
       OR $normalizedName IN coalesce(sibling.normalizedAliases, []))
  AND CASE
        WHEN $parentId IS NULL THEN NOT (sibling)-[:CHILD_OF]->(:Tag)
        ELSE (sibling)-[:CHILD_OF]->(:Tag {id: $parentId})
      END
RETURN sibling.id AS id, sibling.name AS name
LIMIT 1
