"""Malformed callback requests are refused with a 4xx before Dash dispatches them.

Dash's dispatch trusts the shape of the body the renderer posts to ``/_dash-update-component``:
a body that is not an object, lacks ``output``, names an unknown (or clientside) callback, or lists
inputs, state or outputs unlike the callback's declaration raises in Dash's own code, which
answers HTTP 500. This check answers 400 instead (app.http_guard refuses oversized bodies) and lets every body
the browser sends through; the values inside are the callbacks' business (see callbacks/common.py).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

import dash
from dash import _callback
from dash.dependencies import ALL, ALLSMALLER, Wildcard
from dash.exceptions import AppNotFoundError
from flask import Flask, request
from loguru import logger

ROUTE = "_dash-update-component"
MAX_DEPTH = 64  # nesting of the JSON body (a clickData is about 6 levels deep)
MAX_PATTERN_ITEMS = 10_000  # components matched by one ALL wildcard
_SCALARS = (str, int, float, bool)


def _declared_id(component_id: Any) -> str | dict[str, Any]:
    """An id of a callback's declaration; the callback map holds input and state ids as strings,
    pattern ids as JSON whose wildcards are written ["ALL"]."""
    if isinstance(component_id, str) and component_id.startswith("{"):
        parsed = json.loads(component_id)
        return {key: Wildcard(value[0]) if isinstance(value, list) else value for key, value in parsed.items()}
    return component_id


def _id_matches(declared: str | dict[str, Any], sent: Any) -> bool:
    if not isinstance(declared, dict):
        return isinstance(sent, str) and sent == declared
    if not isinstance(sent, dict) or set(sent) != set(declared):
        return False
    for key, expected in declared.items():
        value = sent[key]
        if isinstance(expected, Wildcard):
            if not isinstance(value, _SCALARS):
                return False
        elif type(value) is not type(expected) or value != expected:
            return False
    return True


def _dependency_problem(declared_id: Any, prop: str, sent: Any, where: str) -> str | None:
    """Why ``sent`` is not what the browser sends for one declared dependency, or None."""
    declared = _declared_id(declared_id)
    many = isinstance(declared, dict) and any(v in (ALL, ALLSMALLER) for v in declared.values())
    if many and (not isinstance(sent, list) or len(sent) > MAX_PATTERN_ITEMS):
        return f"{where} must be a list of components"
    for item in sent if many else [sent]:
        if not isinstance(item, dict) or not isinstance(item.get("property"), str):
            return f"{where} must be objects with an id and a property"
        if item["property"].partition("@")[0] != prop or not _id_matches(declared, item.get("id")):
            return f"{where} does not match the callback"
    return None


def _list_problem(declared: list[dict[str, Any]], sent: Any, where: str) -> str | None:
    if not isinstance(sent, list) or len(sent) != len(declared):
        return f"{where} must list the callback's {len(declared)} {where}"
    for index, (dependency, item) in enumerate(zip(declared, sent, strict=True)):
        problem = _dependency_problem(dependency["id"], dependency["property"], item, f"{where}[{index}]")
        if problem:
            return problem
    return None


def _outputs_problem(output: Any, sent: Any) -> str | None:
    """The outputs must be those of the callback: a list for several, one (a list for an ALL pattern) else."""
    declared = output if isinstance(output, (list, tuple)) else [output]
    if isinstance(output, (list, tuple)):
        if not isinstance(sent, list) or len(sent) != len(declared):
            return f"outputs must list the callback's {len(declared)} outputs"
        items = sent
    else:
        items = [sent]
    for index, (dependency, item) in enumerate(zip(declared, items, strict=True)):
        problem = _dependency_problem(dependency.component_id, dependency.component_property, item, f"outputs[{index}]")
        if problem:
            return problem
    return None


def _changed_problem(changed: Any) -> str | None:
    """changedPropIds: 'id.property' texts; Dash parses an id starting with '{' as a JSON object."""
    if not isinstance(changed, list):
        return "changedPropIds must be a list"
    for prop_id in changed:
        if not isinstance(prop_id, str) or "." not in prop_id:
            return "changedPropIds must be 'id.property' texts"
        component_id = prop_id.rpartition(".")[0]
        if component_id.startswith("{"):
            try:
                if not isinstance(json.loads(component_id), dict):
                    return "a pattern id in changedPropIds must be an object"
            except ValueError:
                return "a pattern id in changedPropIds must be JSON"
    return None


def _too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    level = [value]
    for _ in range(limit):
        level = [
            child
            for item in level
            if isinstance(item, (list, dict))
            for child in (item.values() if isinstance(item, dict) else item)
        ]
        if not level:
            return False
    return True


def body_problem(body: Any, callbacks: Callable[[str], dict | None]) -> str | None:
    """Why ``body`` is not a callback request Dash can dispatch, or None. ``callbacks``: a callback
    id -> its declaration in the app's callback map (None when unknown)."""
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    if _too_deep(body):
        return f"the body is nested deeper than {MAX_DEPTH} levels"
    output = body.get("output")
    spec = callbacks(output) if isinstance(output, str) else None
    if spec is None or "callback" not in spec:  # clientside callbacks have no server function
        return "unknown callback"
    return (
        _list_problem(spec["inputs"], body.get("inputs"), "inputs")
        or _list_problem(spec["state"], body.get("state", []), "state")
        or (None if spec.get("no_output") else _outputs_problem(spec["output"], body.get("outputs")))
        or _changed_problem(body.get("changedPropIds", []))
    )


def install(app: dash.Dash) -> None:
    """Check the bodies posted to ``app``'s callback route (once per server)."""
    server: Flask = app.server
    if server.extensions.get("callback_guard"):
        return
    server.extensions["callback_guard"] = True
    path = app.config.routes_pathname_prefix + ROUTE

    @server.before_request
    def refuse_malformed_callback_requests():
        if request.path != path or request.method != "POST":
            return None
        try:
            body = request.get_json(silent=True)  # cached: Dash's dispatch reads the same object
        except RecursionError:
            body = None
        problem = body_problem(
            body,
            lambda output: (
                app.callback_map.get(output)
                # Dash moves dash.callback registrations into its map on the first request.
                or _callback.GLOBAL_CALLBACK_MAP.get(output)
            ),
        )
        if problem is None:
            return None
        logger.info("Refused a callback request: {}", problem)
        return {"error": problem}, 400


_hooked = False


def install_request_guard() -> None:
    """Guard the app being built (the one importing the callbacks) and any Dash app created later in
    this process (tests build several; the callbacks modules are imported once)."""
    global _hooked
    if not _hooked:
        dash.hooks.setup()(install)
        _hooked = True
    with contextlib.suppress(AppNotFoundError):  # imported without an app (tests calling callbacks as functions)
        install(dash.get_app())
