"""Reads for exports: customers, assignments and tag history as of one moment, in pages."""
