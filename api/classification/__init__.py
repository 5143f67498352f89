"""GraphQL view of the industry (GB/T 4754-2017) and region trees (their nodes are shared:
api.nodes.trees)."""
