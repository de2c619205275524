from graph_service.cli import run

run()
