"""Import jobs: REST routes to upload and poll them, GraphQL queries to read them."""
