"""Values, the error tree, and the decisions both stores share (path ranking, tie strength, state machines)."""
