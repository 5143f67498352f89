"""Tagging: assigning tags to customers and ending assignments, with provenance."""
