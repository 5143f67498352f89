// set_membership: make a user a member of a department ($member true) or not ($member false).
// $userId, $departmentId, $member: boolean; no row when either does not exist
MATCH (u:User {id: $userId}), (d:Department {id: $departmentId})
CALL (u, d) {
  WITH u, d WHERE $member
  MERGE (u)-[:MEMBER_OF]->(d)
}
CALL (u, d) {
  WITH u, d WHERE NOT $member
  MATCH (u)-[m:MEMBER_OF]->(d)
  DELETE m
}
RETURN u.id AS userId, d.id AS departmentId
