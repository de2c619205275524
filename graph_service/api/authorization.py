"""Root fields pass the services' role table before they run; each mutation that succeeds is audited."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from strawberry.extensions import SchemaExtension

from graph_service.api.context import Context
from graph_service.services import access


class Authorization(SchemaExtension):
    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if info.path.prev is not None or info.field_name.startswith("__"):
            return _next(root, info, *args, **kwargs)
        context = info.context
        assert isinstance(context, Context)
        operation = f"{info.parent_type.name}.{info.field_name}"
        access.authorize(context.principal, operation)
        result = _next(root, info, *args, **kwargs)
        if info.parent_type.name != "Mutation":
            return result
        return _audited(result, context, operation, kwargs)


async def _audited(
    result: Awaitable[object] | object, context: Context, operation: str, arguments: dict[str, Any]
) -> object:
    value = await result if isinstance(result, Awaitable) else result
    await access.record_write(context.store, context.principal, operation, _subject(value, arguments))
    return value


def _subject(value: object, arguments: dict[str, Any]) -> str | None:
    """The id of what was written, when the payload or the input names one."""
    for holder in (value, getattr(value, "referral", None), getattr(value, "interview", None)):
        found = getattr(holder, "id", None)
        if isinstance(found, str):
            return found
    given = arguments.get("input")
    for name in ("id", "person_id", "a_id", "candidate_id"):
        found = getattr(given, name, None)
        if isinstance(found, str):
            return found
    return None
