"""GraphQL view of tag history: flows and moves between tags, and erasure (customer timelines
and snapshots are fields of the shared Customer node)."""
