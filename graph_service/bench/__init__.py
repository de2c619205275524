"""The synthetic-network benchmark behind `graph-service bench`: generate, load, time."""
