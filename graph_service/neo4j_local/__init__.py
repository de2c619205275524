"""A local Neo4j 5.26 from Maven Central jars, for development and the test run."""
