// count_assignments_by_tag: how many customers hold each tag of a category directly (a degree
// lookup per tag), for the index's drift check against writes that left no change notice.
// Only tags in a category: the index's trees hold no other (a tag made in Browser without one
// would otherwise differ for ever and be "repaired" every minute).
// Parameters: none.
MATCH (t:Tag)-[:IN_CATEGORY]->(:TagCategory)
RETURN DISTINCT t.id AS id, COUNT { (t)<-[:TAGGED]-() } AS held
