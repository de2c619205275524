"""The serving process's log: every record of the service's loggers as one JSON line on stderr."""

from __future__ import annotations

import json
import logging
import sys


class JsonLines(logging.Formatter):
    """A request's line is JSON already; any other record becomes one."""

    def format(self, record: logging.LogRecord) -> str:
        if record.name == "graph_service.requests":
            return record.getMessage()
        line = {"level": record.levelname, "logger": record.name, "message": record.getMessage()}
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line)


def log_json_lines() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonLines())
    service = logging.getLogger("graph_service")
    service.addHandler(handler)
    service.setLevel(logging.INFO)
    service.propagate = False
