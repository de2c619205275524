"""Parse and validation results of small documents, kept in one cache bounded in bytes.

Only documents of at most `MAX_CACHED_DOCUMENT_BYTES` are kept, and the documents kept add up to
at most `CACHE_BUDGET_BYTES` of query text (the parsed tree takes some tens of times that), least
recently used first out. A large document is parsed and validated each time and then forgotten, so
many distinct large documents cannot raise the process's memory for good.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from graphql import DocumentNode, GraphQLError, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

MAX_CACHED_DOCUMENT_BYTES = 16 * 1024
CACHE_BUDGET_BYTES = 1024 * 1024


@dataclass
class _Entry:
    document: DocumentNode
    errors: list[GraphQLError] | None = None


class DocumentCache:
    """An LRU map from query text to its parsed document and validation errors."""

    def __init__(self, *, budget_bytes: int = CACHE_BUDGET_BYTES) -> None:
        self.budget_bytes = budget_bytes
        self.used_bytes = 0
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, query: str) -> _Entry | None:
        entry = self._entries.get(query)
        if entry is not None:
            self._entries.move_to_end(query)
        return entry

    def put(self, query: str, document: DocumentNode) -> None:
        size = len(query.encode())
        if size > MAX_CACHED_DOCUMENT_BYTES or query in self._entries:
            return
        self._entries[query] = _Entry(document)
        self.used_bytes += size
        while self.used_bytes > self.budget_bytes:
            dropped, _ = self._entries.popitem(last=False)
            self.used_bytes -= len(dropped.encode())


def cached_documents(cache: DocumentCache) -> Callable[[], SchemaExtension]:
    class CachedDocuments(SchemaExtension):
        def on_parse(self) -> Iterator[None]:
            context = self.execution_context
            query = context.query
            entry = cache.get(query) if query is not None else None
            if entry is not None:
                context.graphql_document = entry.document
            elif query is not None:
                context.graphql_document = parse(query, **context.parse_options)
                cache.put(query, context.graphql_document)
            yield

        def on_validate(self) -> Iterator[None]:
            context = self.execution_context
            query = context.query
            entry = cache.get(query) if query is not None else None
            if entry is not None and entry.errors is not None:
                context.pre_execution_errors = entry.errors
            elif context.graphql_document is not None:
                errors = validate_document(
                    context.schema._schema, context.graphql_document, context.validation_rules
                )
                context.pre_execution_errors = errors
                if entry is not None:
                    entry.errors = errors
            yield

    return CachedDocuments
