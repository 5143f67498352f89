// find_candidates: the customers whose lastInteractionAt lies in a range (through its index):
// the only ones a sweep of rules that all bound the time since the last interaction can match.
// $from, $to: datetimes
MATCH (c:Customer)
WHERE c.lastInteractionAt >= $from AND c.lastInteractionAt <= $to
RETURN collect(c.id) AS ids
