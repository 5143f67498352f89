"""Imports of files: customers, assignments and taxonomy written in batches, and import jobs."""
