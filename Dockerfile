# The service image. Neo4j runs beside it (docker-compose.yml), not inside it.
FROM python:3.11.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY graph_service ./graph_service
COPY schema ./schema
COPY seeds ./seeds
RUN pip install . && useradd --system --home /app service && mkdir -p /data && chown service /data

USER service
ENV GRAPH_SERVICE_DATA_DIR=/data
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/readyz', timeout=2)"
CMD ["graph-service", "serve", "--host", "0.0.0.0", "--port", "8000"]
