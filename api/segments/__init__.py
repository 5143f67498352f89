"""GraphQL view of segments: filters, facets, explanations, the compiled Cypher, saved segments."""
