// count_graph: the size of the graph, for the CLI and the demo check.
// Parameters: none.
RETURN COUNT { (:Customer) } AS customers,
       COUNT { (:Tag) } AS tags,
       COUNT { (:TagCategory) } AS categories,
       COUNT { ()-[:TAGGED]->() } AS assignments,
       COUNT { (:Industry) } AS industries,
       COUNT { (:Region) } AS regions
