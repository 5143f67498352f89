"""Interactions customers had (purchases, visits, events) and the products they bought."""
