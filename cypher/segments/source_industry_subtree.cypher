// source_industry_subtree: where a filter query starts when it requires a small industry
// subtree: the customers in the industry or a descendant, each once (taken as {{source}}).
// $anchorKey: industry code
MATCH (:Industry {code: $anchorKey})<-[:CHILD_OF*0..]-(:Industry)<-[:IN_INDUSTRY]-(c:Customer)
WITH DISTINCT c
