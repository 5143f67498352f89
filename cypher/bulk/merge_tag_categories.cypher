// merge_tag_categories: upsert tag categories of a data set.
// $rows: list of {id, name, normalizedName, description, exclusive, color}
UNWIND $rows AS row
MERGE (cat:TagCategory {id: row.id})
ON CREATE SET cat.createdAt = datetime(), cat.createdBy = 'import'
SET cat.name = row.name, cat.normalizedName = row.normalizedName,
    cat.description = row.description, cat.exclusive = row.exclusive, cat.color = row.color,
    cat.updatedAt = datetime()
