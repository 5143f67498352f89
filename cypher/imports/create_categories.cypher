// create_categories: the new tag categories of a taxonomy import.
// $rows: list of {id, name, normalizedName, description, exclusive, color}; $by; $now
UNWIND $rows AS row
CREATE (cat:TagCategory {
  id: row.id, name: row.name, normalizedName: row.normalizedName,
  description: row.description, exclusive: row.exclusive, color: row.color,
  createdAt: $now, updatedAt: $now, createdBy: $by
})
RETURN count(cat) AS created
