"""GraphQL view of the taxonomy: tags and categories, their edits, merges and deletions, and
governance (usage, stale tags, distributions, duplicates)."""
