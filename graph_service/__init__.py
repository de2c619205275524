"""graph-service: a GraphQL service over a graph of people, companies and the ties between them."""

__version__ = "0.1.0"
