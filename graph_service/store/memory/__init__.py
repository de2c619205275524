"""The embedded store: the graph in memory, every write journaled to SQLite first."""
