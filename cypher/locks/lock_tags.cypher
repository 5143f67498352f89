// lock_tags: write-lock the tags a tagging call uses, in id order, before their status and
// category are read: a concurrent merge, delete or move of one of them (which locks the same
// tags) then runs entirely before or after this call, never in between.
// $ids: list of tag ids
UNWIND $ids AS id
MATCH (t:Tag {id: id})
WITH t ORDER BY t.id
SET t._lock = true
REMOVE t._lock
RETURN count(t) AS locked
