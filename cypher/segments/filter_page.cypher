// filter_page: one page of a filter's customers, by id. On the first page $afterId is '':
// every id sorts after it, and the range predicate lets the planner walk the Customer.id
// index in order and stop after $limit matches instead of sorting.
// {{source}}: a source_* query binding c; {{predicate}}: the compiled filter over c
// $afterId: last id of the previous page ('' for the first); $limit: int;
// $anchorKey, $f0, $f1, …: those of the source and the predicate
{{source}}
WHERE c.id > $afterId AND ({{predicate}})
RETURN c {.*,
  industryCode: head([(c)-[:IN_INDUSTRY]->(i:Industry) | i.code]),
  regionCode: head([(c)-[:LOCATED_IN]->(r:Region) | r.code])
} AS customer
ORDER BY c.id
LIMIT $limit
