// find_tag_ids: which of these ids name a tag (in any category: an id an import would create
// must not belong to a tag the viewer cannot see).
// $ids: list of tag ids
UNWIND $ids AS id
MATCH (t:Tag {id: id})
RETURN collect(t.id) AS ids
