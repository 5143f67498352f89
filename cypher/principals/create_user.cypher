// create_user: a new user (its id is unique by constraint).
// $id, $name, $roles: list of role names, $permissions: list (INTEGRATION grants), $by
CREATE (u:User {
  id: $id, name: $name, roles: $roles, permissions: $permissions, createdAt: datetime(),
  createdBy: $by
})
RETURN u {.*} AS user
