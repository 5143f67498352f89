// filter_ordered_page: one page of a filter's customers in another order than by id: by a
// property (missing values last), then by id, after the cursor's (missing?, value, id).
// {{source}}: a source_* query binding c; {{predicate}}: the compiled filter over c;
// {{property}}: the customer property ordered by; {{later}}: > ascending, < descending;
// {{direction}}: ASC | DESC
// $afterIsNull: whether the cursor's value is missing; $afterValue: the cursor's value;
// $afterId: the cursor's customer id (null on the first page); $limit: int;
// $anchorKey, $f0, $f1, …: those of the source and the predicate
{{source}}
WHERE ({{predicate}})
  AND ($afterId IS NULL
       OR (NOT $afterIsNull AND (c.{{property}} IS NULL OR c.{{property}} {{later}} $afterValue
                                 OR (c.{{property}} = $afterValue AND c.id > $afterId)))
       OR ($afterIsNull AND c.{{property}} IS NULL AND c.id > $afterId))
RETURN c {.*,
  industryCode: head([(c)-[:IN_INDUSTRY]->(i:Industry) | i.code]),
  regionCode: head([(c)-[:LOCATED_IN]->(r:Region) | r.code])
} AS customer
ORDER BY c.{{property}} IS NULL, c.{{property}} {{direction}}, c.id
LIMIT $limit
