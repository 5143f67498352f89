"""What customer similarity needs from the graph beyond the index."""
