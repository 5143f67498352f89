"""Bulk loading of generated data sets (demo and benchmark data)."""
