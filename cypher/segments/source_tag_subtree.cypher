// source_tag_subtree: where a filter query starts when it requires a small tag subtree: the
// customers holding the tag or a descendant, each once (taken as {{source}}).
// $anchorKey: tag id
MATCH (:Tag {id: $anchorKey})<-[:CHILD_OF*0..]-(:Tag)<-[:TAGGED]-(c:Customer)
WITH DISTINCT c
