"""The rules: validation, limits and the state machines in use, as plain async functions over a store."""
