"""Reading Dash component trees in tests."""

from __future__ import annotations


def texts(component) -> list[str]:
    """Every string inside a Dash component tree, depth first."""
    if isinstance(component, str):
        return [component]
    children = getattr(component, "children", None)
    if children is None:
        return []
    if not isinstance(children, (list, tuple)):
        children = [children]
    return [text for child in children for text in texts(child)]
