"""Segments: customer filters compiled to Cypher, facets, explanations, saved segments."""
