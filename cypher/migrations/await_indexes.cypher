// await_indexes: wait until every index is online, so that queries right after start-up use them.
// $timeoutSeconds: int
CALL db.awaitIndexes($timeoutSeconds)
