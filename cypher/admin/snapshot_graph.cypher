// snapshot_graph: every node and relationship with its properties, in a stable order; tests
// compare two snapshots to prove that a refused request changed nothing.
// Parameters: none.
CALL () {
  MATCH (n)
  RETURN 'node' AS kind, [l IN labels(n) | l] AS labels, properties(n) AS props,
         null AS start, null AS end
  UNION ALL
  MATCH (a)-[r]->(b)
  RETURN 'rel' AS kind, [type(r)] AS labels, properties(r) AS props,
         coalesce(a.id, a.code, toString(a.version)) AS start,
         coalesce(b.id, b.code, toString(b.version)) AS end
}
RETURN kind, labels, props, start, end
