"""The app shell: navbar with badges and switches, the global filter bar, tabs and content."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from app import ids
from app.i18n import t
from app.repository import get_repository
from app.schema import MINUTES_OUTLIER_THRESHOLD
from app.settings import Settings
from app.theme import SPINNER_COLOR
from layouts.components import button_group
from layouts.registry import TABS

# Below the md breakpoint the filter bar is Bootstrap's responsive offcanvas: a drawer hidden off
# screen, shown with "show"; from md up the same element is an ordinary block in the page. One set
# of filter components either way (dbc.Offcanvas would render them in a portal, unmounted while
# closed, and could not be the static bar of wide screens).
DRAWER_CLASS = "filter-drawer offcanvas-md offcanvas-start"

# Minute slider stops: positions map to these values; None is "no upper bound".
MINUTE_STOPS: tuple[int | None, ...] = (0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 480, 1440, None)

# Shell texts translated in place by a callback when the language changes:
# (component id, property, text key).
SHELL_TEXTS: tuple[tuple[str, str, str], ...] = (
    ("shell-subtitle", "children", "app.subtitle"),
    (ids.DEMO_BADGE, "children", "app.demo_badge"),
    (ids.DEMO_BADGE, "title", "app.demo_tooltip"),
    (ids.THEME, "label", "app.theme_light"),
    ("label-sub-years", "children", "filters.sub_years"),
    ("label-int-years", "children", "filters.int_years"),
    ("label-minutes", "children", "filters.minutes"),
    ("label-tags", "children", "filters.tags"),
    ("label-ingredients", "children", "filters.ingredients"),
    (ids.FILTER_DRAWER_TITLE, "children", "filters.title"),
    (ids.FILTER_CLOSE, "title", "filters.close"),
    (ids.FILTER_TAGS, "placeholder", "filters.tags_placeholder"),
    (ids.FILTER_INGREDIENTS, "placeholder", "filters.ingredients_placeholder"),
    (ids.FILTER_ZERO, "label", "filters.include_zero"),
    (ids.FILTER_RESET, "children", "filters.reset"),
    (ids.FILTER_FOCUS_CLEAR, "children", "filters.focus_clear"),
    *((f"tab-label-{tab.key}", "label", tab.title_key) for tab in TABS),
)


def minutes_to_positions(bounds: tuple[int | None, int | None]) -> list[int]:
    """Slider positions for a minutes range; values between stops snap to the nearest stop."""

    def position(value: int | None, default: int) -> int:
        if value is None:
            return default
        finite = {i: stop for i, stop in enumerate(MINUTE_STOPS) if stop is not None}
        return min(finite, key=lambda i: abs(finite[i] - value))

    return [position(bounds[0], 0), position(bounds[1], len(MINUTE_STOPS) - 1)]


def positions_to_minutes(positions: Any) -> tuple[int | None, int | None]:
    """Slider positions -> a minutes range; anything but two positions of the slider means no bounds."""
    if not (
        isinstance(positions, (list, tuple))
        and len(positions) == 2
        and all(type(p) is int and 0 <= p < len(MINUTE_STOPS) for p in positions)
    ):
        return (None, None)
    first, last = sorted(positions)
    low, high = MINUTE_STOPS[first], MINUTE_STOPS[last]
    return (None if low == 0 else low, high)


def _year_slider(component_id: str, bounds: tuple[int, int]) -> dcc.RangeSlider:
    low, high = bounds
    # Every third year, and the last one unless it would collide with its neighbour.
    marks = {y: str(y) for y in range(low, high + 1) if (y - low) % 3 == 0 and high - y >= 2}
    marks[high] = str(high)
    return dcc.RangeSlider(
        id=component_id,
        min=low,
        max=high,
        step=1,
        value=[low, high],
        marks=marks,
        allowCross=False,
        updatemode="mouseup",
        allow_direct_input=False,
    )


def filter_bar(
    language: str, sub_bounds: tuple[int, int], int_bounds: tuple[int, int], tag_options: list[dict]
) -> html.Div:
    """Global filters; their values are set from the URL by the shell callback."""
    minute_marks = {i: ("∞" if stop is None else str(stop)) for i, stop in enumerate(MINUTE_STOPS)}
    bar = html.Div(
        id=ids.FILTER_BAR,
        className="filter-bar",
        children=[
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Label(t("filters.sub_years", language), id="label-sub-years"),
                            _year_slider(ids.FILTER_SUB_YEARS, sub_bounds),
                        ],
                        lg=4,
                    ),
                    dbc.Col(
                        [
                            html.Label(t("filters.int_years", language), id="label-int-years"),
                            _year_slider(ids.FILTER_INT_YEARS, int_bounds),
                        ],
                        lg=4,
                    ),
                    dbc.Col(
                        [
                            html.Label(t("filters.minutes", language), id="label-minutes"),
                            dcc.RangeSlider(
                                id=ids.FILTER_MINUTES,
                                min=0,
                                max=len(MINUTE_STOPS) - 1,
                                step=1,
                                value=[0, len(MINUTE_STOPS) - 1],
                                marks=minute_marks,
                                allowCross=False,
                                allow_direct_input=False,
                                updatemode="mouseup",
                            ),
                        ],
                        lg=4,
                    ),
                ],
                className="g-3 filter-sliders",
            ),
            dbc.Row(
                [
                    dbc.Col(
                        [
                            html.Label(t("filters.tags", language), id="label-tags"),
                            dcc.Dropdown(
                                id=ids.FILTER_TAGS,
                                options=tag_options,
                                multi=True,
                                placeholder=t("filters.tags_placeholder", language),
                            ),
                        ],
                        lg=4,
                    ),
                    dbc.Col(
                        [
                            html.Label(t("filters.ingredients", language), id="label-ingredients"),
                            dcc.Dropdown(
                                id=ids.FILTER_INGREDIENTS,
                                options=[],
                                multi=True,
                                placeholder=t("filters.ingredients_placeholder", language),
                            ),
                        ],
                        lg=4,
                    ),
                    dbc.Col(
                        [
                            dbc.Switch(
                                id=ids.FILTER_ZERO,
                                label=t("filters.include_zero", language),
                                value=True,
                                className="mt-4",
                            ),
                            dbc.Button(
                                t("filters.reset", language),
                                id=ids.FILTER_RESET,
                                size="sm",
                                color="secondary",
                                outline=True,
                                className="mt-1",
                            ),
                        ],
                        lg=4,
                    ),
                ],
                className="g-3 mt-1",
            ),
            # Filled here, not only by the translation callback, so nothing below moves when it answers.
            html.Div(outlier_note(language), id=ids.FILTER_OUTLIER_NOTE, className="interpretation mt-2 mb-0"),
            html.Div(
                [
                    html.Span(id=ids.FILTER_FOCUS, className="badge badge-focus me-2"),
                    dbc.Button(
                        t("filters.focus_clear", language),
                        id=ids.FILTER_FOCUS_CLEAR,
                        size="sm",
                        color="link",
                        style={"display": "none"},
                    ),
                ],
                className="mt-1",
            ),
        ],
    )
    header = html.Div(
        [
            html.H5(t("filters.title", language), id=ids.FILTER_DRAWER_TITLE, className="offcanvas-title"),
            html.Button(id=ids.FILTER_CLOSE, className="btn-close", type="button", title=t("filters.close", language)),
        ],
        className="offcanvas-header",
    )
    aria: dict[str, Any] = {"aria-labelledby": ids.FILTER_DRAWER_TITLE}
    return html.Div([header, bar], id=ids.FILTER_DRAWER, className=DRAWER_CLASS, tabIndex="-1", role="dialog", **aria)


def filter_toggle_label(active: int, language: str | None) -> str:
    """The small screens' drawer button: "Filters", or "Filters (n)" with n active filters."""
    return t("filters.active", language, count=active) if active else t("filters.title", language)


def outlier_note(language: str | None) -> str:
    return t("filters.outlier_policy", language, threshold=MINUTES_OUTLIER_THRESHOLD)


def demo_badge_style(manifest: dict) -> dict:
    return {} if manifest.get("synthetic") else {"display": "none"}


def dataset_info(manifest: dict, language: str | None) -> str:
    return t("app.dataset", language, version=manifest.get("version", "?"))


def navbar(settings: Settings, language: str) -> dbc.Navbar:
    # The badge and the dataset line are right from the first paint (the translation callback
    # sets them again to the same values): the navbar never grows under the user's eyes.
    manifest = get_repository().manifest()
    badges = [dbc.Badge(settings.env.upper(), id=ids.ENV_BADGE, className=f"ms-2 badge-env-{settings.env}")]
    badges.append(
        dbc.Badge(
            t("app.demo_badge", language),
            id=ids.DEMO_BADGE,
            className="ms-2 badge-demo",
            style=demo_badge_style(manifest),
        )
    )
    return dbc.Navbar(
        dbc.Container(
            [
                html.Div(
                    [
                        html.Img(src="/assets/logo.svg", height="34px", className="me-2", alt=""),
                        html.Span(t("app.title", language), className="kitchen-brand fs-4"),
                        html.Span(
                            t("app.subtitle", language),
                            id="shell-subtitle",
                            className="small text-secondary ms-2 d-none d-md-inline",
                        ),
                        *badges,
                        html.Div(
                            dataset_info(manifest, language),
                            id=ids.DATASET_INFO,
                            className="small text-secondary d-none d-md-block",
                        ),
                    ],
                    className="d-flex align-items-center flex-wrap gap-1",
                ),
                html.Div(
                    [
                        dbc.Switch(
                            id=ids.THEME,
                            label=t("app.theme_light", language),
                            value=False,
                            className="me-3 mb-0 text-nowrap",
                        ),
                        button_group(
                            ids.LANGUAGE, [{"label": "EN", "value": "en"}, {"label": "FR", "value": "fr"}], language
                        ),
                    ],
                    className="d-flex align-items-center flex-shrink-0",
                ),
            ],
            fluid=True,
        ),
        className="kitchen-navbar mb-3",
        color=None,
        dark=None,
    )


def shell(
    settings: Settings, language: str, sub_bounds: tuple[int, int], int_bounds: tuple[int, int], tag_options: list[dict]
) -> html.Div:
    tabs = dbc.Tabs(
        id=ids.TABS,
        active_tab=TABS[0].key,
        children=[dbc.Tab(label=t(tab.title_key, language), tab_id=tab.key, id=f"tab-label-{tab.key}") for tab in TABS],
    )
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dcc.Store(id=ids.THEME_STORE, storage_type="local"),
            dcc.Store(id=ids.FILTERS_STORE),
            dcc.Store(id=ids.EXPLORER_URL_STATE),
            dcc.Store(id=ids.TAB_CONTROLS_STATE),
            dcc.Store(id=ids.LANG_STORE),
            navbar(settings, language),
            dbc.Container(
                [
                    # Small screens only: the filters wait in their drawer, behind this button.
                    dbc.Button(
                        filter_toggle_label(0, language),
                        id=ids.FILTER_TOGGLE,
                        color="primary",
                        outline=True,
                        size="sm",
                        className="d-md-none mb-2",
                    ),  # its aria-* attributes: assets/20_kitchen.js
                    filter_bar(language, sub_bounds, int_bounds, tag_options),
                    # Dims the page behind the open drawer (CSS shows it after an open drawer); a tap closes.
                    html.Div(id=ids.FILTER_BACKDROP, className="filter-backdrop"),
                    tabs,
                    html.Div(id=ids.ERROR_ALERT),
                    dcc.Loading(html.Div(id=ids.TAB_CONTENT, className="pt-3"), delay_show=300, color=SPINNER_COLOR),
                ],
                fluid=True,
            ),
        ]
    )
