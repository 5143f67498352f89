// update_tags: the colour, description, aliases and status a taxonomy import gives existing
// live tags (a null keeps the value).
// $rows: list of {id, color, description, aliases, normalizedAliases, status}; $by; $now
UNWIND $rows AS row
MATCH (t:Tag {id: row.id})
SET t.color = coalesce(row.color, t.color),
    t.description = coalesce(row.description, t.description),
    t.aliases = coalesce(row.aliases, t.aliases),
    t.normalizedAliases = coalesce(row.normalizedAliases, t.normalizedAliases),
    t.status = coalesce(row.status, t.status),
    t.updatedAt = $now, t.updatedBy = $by
RETURN count(t) AS updated
