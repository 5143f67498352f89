// prepare_for_replanning: after a bulk load, resample the index statistics and clear the query
// caches (waiting until done), so that the next queries are planned for the loaded graph and
// not for the empty one the statistics still describe (the demo's first rule sweep otherwise
// runs a plan made for ~75 customers over 10,000: minutes instead of two seconds).
// $timeoutSeconds: int
CALL db.prepareForReplanning($timeoutSeconds)
