// find_assignment_state: the assignments among these (customer, tag) pairs that exist, with
// the provenance an import may update.
// $pairs: list of {customerId, tagId}
UNWIND $pairs AS pair
MATCH (c:Customer {id: pair.customerId})-[r:TAGGED]->(t:Tag {id: pair.tagId})
RETURN c.id AS customerId, t.id AS tagId, r.note AS note, r.expiresAt AS expiresAt
