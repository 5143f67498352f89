// source_region_subtree: where a filter query starts when it requires a small region subtree:
// the customers located in the region or a descendant, each once (taken as {{source}}).
// $anchorKey: region code
MATCH (:Region {code: $anchorKey})<-[:CHILD_OF*0..]-(:Region)<-[:LOCATED_IN]-(c:Customer)
WITH DISTINCT c
