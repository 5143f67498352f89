"""Customers: companies and people, with their industry, region and contacts."""
