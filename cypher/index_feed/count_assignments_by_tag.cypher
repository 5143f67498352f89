// count_assignments_by_tag: how many customers hold each tag directly (a degree lookup per tag),
// for the index's drift check against writes that left no change notice.
// Parameters: none.
MATCH (t:Tag)
RETURN t.id AS id, COUNT { (t)<-[:TAGGED]-() } AS held
