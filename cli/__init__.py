"""The `taggraph` command line: on top of the graph, API and ops packages."""
