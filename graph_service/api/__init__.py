"""GraphQL over HTTP: the schema, its types and resolvers, limits and error translation."""
