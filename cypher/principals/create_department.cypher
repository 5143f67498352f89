// create_department: a new department (its id is unique by constraint).
// $id, $name, $by
CREATE (d:Department {id: $id, name: $name, createdAt: datetime(), createdBy: $by})
RETURN d {.*} AS department
