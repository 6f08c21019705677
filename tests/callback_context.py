"""Run a Dash callback function as a plain function, with a chosen triggering input."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import copy_context
from typing import Any

from dash._callback_context import context_value
from dash._utils import AttributeDict


def call_with_trigger(function: Callable[..., Any], component_id: str | None, *args: Any) -> Any:
    """Call ``function(*args)`` as Dash would when a property of ``component_id`` changed;
    None means the initial call."""

    def run() -> Any:
        triggered = [{"prop_id": f"{component_id}.value", "value": None}] if component_id else []
        context_value.set(AttributeDict(triggered_inputs=triggered))
        return function(*args)

    return copy_context().run(run)
