// update_categories: the colour and description a taxonomy import gives existing categories.
// $rows: list of {id, color, description}; $by; $now
UNWIND $rows AS row
MATCH (cat:TagCategory {id: row.id})
SET cat.color = coalesce(row.color, cat.color),
    cat.description = coalesce(row.description, cat.description),
    cat.updatedAt = $now, cat.updatedBy = $by
RETURN count(cat) AS updated
