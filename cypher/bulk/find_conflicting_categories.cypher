// find_conflicting_categories: categories of a data set whose names another category has.
// $rows: list of {id, normalizedName}
UNWIND $rows AS row
MATCH (existing:TagCategory {normalizedName: row.normalizedName})
WHERE existing.id <> row.id
RETURN existing.name AS name, existing.id AS id
