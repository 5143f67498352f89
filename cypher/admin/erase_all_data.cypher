// erase_all_data: delete every node and relationship in batches (schema stays). Used on the
// test and benchmark instances only; needs an auto-commit transaction.
// Parameters: none.
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
