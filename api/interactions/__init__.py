"""GraphQL view of interactions (recorded in idempotent batches, read back) and products."""
