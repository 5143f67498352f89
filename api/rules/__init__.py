"""GraphQL view of tag rules: definitions, previews, runs, and the lifecycle transitions report."""
