"""Tab controls kept in the URL: a chart's granularity, Top-N, item kind… survive a reload, a shared
link and a language switch, like the filters.

Each tab declares ``URL_CONTROLS`` (component id -> default value); the URL parameter is the
component id and holds the value as text, only when it differs from the default. A value read from
the URL is used only when it is one of the control's options as the layout offers them (a switch
takes "1" or "0"; a control whose options come later, from a callback, takes any short printable
text, which its callback validates like any browser input).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

MAX_FREE_TEXT = 200


def encode(value: Any) -> str | None:
    """A control's value as URL text; None for no value (a cleared dropdown)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def query_of(values: Mapping[str, Any], defaults: Mapping[str, Any]) -> dict[str, str]:
    """URL parameters for the controls of ``defaults`` whose value differs from the default."""
    query = {}
    for component_id, default in defaults.items():
        value = values.get(component_id, default)
        text = encode(value)
        if value != default and text is not None:
            query[component_id] = text
    return query


def _components(node: Any) -> Iterator[dict]:
    """Every component of a layout as Dash serializes it ({"type", "namespace", "props"})."""
    if isinstance(node, list):
        for child in node:
            yield from _components(child)
    elif isinstance(node, dict) and isinstance(node.get("props"), dict):
        yield node
        for value in node["props"].values():
            yield from _components(value)


def _decode(text: str, props: dict) -> tuple[bool, Any]:
    """(found, value): the option of ``props`` whose value reads ``text``."""
    if isinstance(props.get("value"), bool):
        return (text in ("0", "1"), text == "1")
    options = props.get("options")
    if options:
        for option in options:
            value = option.get("value") if isinstance(option, dict) else option
            if encode(value) == text:
                return True, value
        return False, None
    return (0 < len(text) <= MAX_FREE_TEXT and text.isprintable(), text)


def apply(layout: Any, defaults: Mapping[str, Any], query: Mapping[str, list[str]]) -> dict[str, Any]:
    """Set, in a serialized ``layout``, the value of each control of ``defaults`` the URL ``query``
    names with a valid value; returns the values set (control id -> value)."""
    applied: dict[str, Any] = {}
    for component in _components(layout):
        props = component["props"]
        component_id = props.get("id")
        if not isinstance(component_id, str) or component_id not in defaults:
            continue
        texts = query.get(component_id) or []
        if not texts or not isinstance(texts[0], str):
            continue
        found, value = _decode(texts[0], props)
        if found:
            props["value"] = value
            applied[component_id] = value
    return applied
