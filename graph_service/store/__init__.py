"""Keeping and finding: the store protocol and its two implementations, memory and Neo4j."""
