"""The node types other types refer to: customers, tags and their categories, usage and
events, industries and regions; they import in one direction (types → trees)."""
