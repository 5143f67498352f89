"""Neo4j Browser for analysts: the guide and the style the API serves to it."""
