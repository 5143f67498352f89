"""GraphQL view of tagging: tag and untag customers given by ids or by a filter."""
