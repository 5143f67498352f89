// source_all_customers: where a filter query starts when no small subtree anchors it: every
// customer (the filter_* templates take it as {{source}}).
// Parameters: none.
MATCH (c:Customer)
