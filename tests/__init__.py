"""The test suite: both stores, one contract (see conftest.py for the fixtures)."""
