"""Use cases that span the graph and the index: segments, similarity, the index keeper, the
rule scheduler and the demo data."""
