"""`python -m graph_service`: the same command line as `graph-service`."""

from graph_service.cli import run

run()
