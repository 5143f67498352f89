// create_tag_category: a new tag category (the name's uniqueness is a constraint).
// $id, $name, $normalizedName, $description, $exclusive, $color, $by
CREATE (cat:TagCategory {
  id: $id, name: $name, normalizedName: $normalizedName, description: $description,
  exclusive: $exclusive, color: $color, createdAt: datetime(), updatedAt: datetime(),
  createdBy: $by
})
RETURN cat {.*} AS category
