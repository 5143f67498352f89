// merge_tag_categories: create the tag categories of a data set that do not exist yet.
// $rows: list of {id, name, normalizedName, description, exclusive, color}
UNWIND $rows AS row
MERGE (cat:TagCategory {id: row.id})
ON CREATE SET cat.createdAt = datetime(), cat.createdBy = 'import', cat.updatedAt = datetime(),
              cat.name = row.name, cat.normalizedName = row.normalizedName,
              cat.description = row.description, cat.exclusive = row.exclusive,
              cat.color = row.color
