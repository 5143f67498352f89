"""GraphQL view of customers: look-ups, filtered and ordered lists, upserts."""
