// set_user_roles: replace a user's roles and explicit permissions; no row when it does not exist.
// $id, $roles: list of role names, $permissions: list of permission names
MATCH (u:User {id: $id})
SET u.roles = $roles, u.permissions = $permissions, u.updatedAt = datetime()
RETURN u {.*} AS user
