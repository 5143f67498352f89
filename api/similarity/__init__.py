"""GraphQL view of similarity: similar customers, look-alike audiences, tag and product
recommendations."""
