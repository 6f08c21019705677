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


def kpi_values(component) -> dict[str, str]:
    """``{card id: its value}`` of the KPI cards (``kpi_card(..., card_id=...)``) in a tree."""
    values: dict[str, str] = {}

    def walk(node) -> None:
        card_id = getattr(node, "id", None)
        if isinstance(card_id, str) and card_id.startswith("kpi-"):
            for child in texts_with_class(node, "kpi-value"):
                values[card_id] = child
        children = getattr(node, "children", None)
        if children is not None and not isinstance(children, str):
            for child in children if isinstance(children, (list, tuple)) else [children]:
                walk(child)

    walk(component)
    return values


def texts_with_class(component, class_name: str) -> list[str]:
    """The texts of the components whose className holds ``class_name``."""
    found = []
    if class_name in (getattr(component, "className", None) or "").split():
        found += texts(component)
    children = getattr(component, "children", None)
    if children is not None and not isinstance(children, str):
        for child in children if isinstance(children, (list, tuple)) else [children]:
            found += texts_with_class(child, class_name)
    return found
