"""The production store: Neo4j 5.26 through the official async driver."""
