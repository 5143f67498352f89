"""The GraphQL API: FastAPI + strawberry; thin resolvers over the graph package."""
