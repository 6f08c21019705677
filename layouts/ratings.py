"""Ratings & reviews tab: rating distribution, monthly mean and its trend, rating against volume,
reviews without stars, review length and the words most distinctive of each rating."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app.i18n import t
from app.stats import MIN_GROUP_SIZE
from layouts.components import button_group, chart_card, labelled

# Charts.
DISTRIBUTION = "ratings-distribution"
MONTHLY_MEAN = "ratings-monthly-mean"
VOLUME = "ratings-volume"
ZERO_SHARE = "ratings-zero-share"
LENGTH_BY_RATING = "ratings-length-by-rating"
LENGTH_PER_YEAR = "ratings-length-per-year"
WORDS = "ratings-words"
SEGMENTS = "ratings-segments"
TOP_RECIPES = "ratings-top-recipes"

# Controls.
GRANULARITY = "ratings-granularity"
ROLLING = "ratings-rolling"
SEGMENT_A = "ratings-segment-a"
SEGMENT_B = "ratings-segment-b"
TOP_N = "ratings-top-n"

# Generated interpretation texts, one under each chart.
DISTRIBUTION_NOTE = "ratings-distribution-note"
MONTHLY_MEAN_NOTE = "ratings-monthly-mean-note"
VOLUME_NOTE = "ratings-volume-note"
ZERO_SHARE_NOTE = "ratings-zero-share-note"
LENGTH_BY_RATING_NOTE = "ratings-length-by-rating-note"
LENGTH_PER_YEAR_NOTE = "ratings-length-per-year-note"
WORDS_NOTE = "ratings-words-note"
SEGMENTS_NOTE = "ratings-segments-note"
TOP_RECIPES_NOTE = "ratings-top-recipes-note"
TOP_RECIPES_TABLE = "ratings-top-recipes-table"

# Period of the mean-rating series (its trend test stays on months) and its optional rolling mean.
GRANULARITIES = ("month", "quarter", "year")
DEFAULT_GRANULARITY = "month"
ROLLING_OPTIONS = (0, 3, 12)
DEFAULT_ROLLING = 0
# Segment B's value meaning "every recipe without tag A".
REST = "*rest*"
# Tags offered as segments: the most frequent ones (structural tags left out, see app/tags.py).
SEGMENT_OPTIONS_SHOWN = 300
# Top recipes by Bayesian average.
TOP_N_OPTIONS = (10, 20, 30)
DEFAULT_TOP_N = 10

# Distinctive words: words seen fewer times than this over all reviews are left out; top words shown per rating.
# The tab's controls kept in the URL (parameter = component id) with their defaults, left out of the URL.
URL_CONTROLS = {
    GRANULARITY: DEFAULT_GRANULARITY,
    ROLLING: DEFAULT_ROLLING,
    SEGMENT_A: None,
    SEGMENT_B: REST,
    TOP_N: DEFAULT_TOP_N,
}
MIN_WORD_COUNT = 20
WORDS_PER_RATING = 10


# Chart heights (px): the word facets need room for ten labels per panel.
WORDS_HEIGHT = 620


def _card(
    name: str,
    title_key: str,
    note_id: str,
    method: str,
    language: str,
    height: int = 360,
    controls: list | None = None,
    block_note: bool = False,
    selectable: bool = False,
) -> dbc.Card:
    """A chart card whose note holds its controls, the generated interpretation (a block when it holds
    more than text, e.g. a table), then the static method text."""
    generated = html.Div(id=note_id) if block_note else html.Span(id=note_id)
    note = [*(controls or []), generated, html.Div(method, className="text-muted small mt-1")]
    return chart_card(name, t(title_key, language), language, height=height, note=note, selectable=selectable)


def _monthly_controls(language: str) -> list:
    granularity = [{"label": t(f"ratings.granularity.{g}", language), "value": g} for g in GRANULARITIES]
    rolling = [
        {"label": t("ratings.rolling.n", language, n=n) if n else t("ratings.rolling.off", language), "value": n}
        for n in ROLLING_OPTIONS
    ]
    return [
        html.Div(
            [
                labelled(
                    t("ratings.granularity", language),
                    button_group(GRANULARITY, granularity, DEFAULT_GRANULARITY),
                    spacing="me-3 mb-1",
                ),
                labelled(
                    t("ratings.rolling", language), button_group(ROLLING, rolling, DEFAULT_ROLLING), spacing="me-3 mb-1"
                ),
            ],
            className="d-flex flex-wrap mb-1",
        )
    ]


def _segment_controls(language: str) -> list:
    """Tag A (options filled by a callback, the most frequent tag by default) and B (a tag, or the rest)."""
    rest = {"label": t("ratings.segment_rest", language), "value": REST}
    return [
        html.Div(
            [
                labelled(
                    t("ratings.segment_a", language),
                    dcc.Dropdown(id=SEGMENT_A, options=[], value=None, clearable=True, style={"minWidth": "14rem"}),
                    spacing="me-3 mb-1",
                ),
                labelled(
                    t("ratings.segment_b", language),
                    dcc.Dropdown(
                        id=SEGMENT_B, options=[rest], value=REST, clearable=False, style={"minWidth": "14rem"}
                    ),
                    spacing="me-3 mb-1",
                ),
            ],
            className="d-flex flex-wrap mb-1",
        )
    ]


def _top_controls(language: str) -> list:
    options = [{"label": str(n), "value": n} for n in TOP_N_OPTIONS]
    return [
        html.Div(
            labelled(t("ratings.top_n", language), button_group(TOP_N, options, DEFAULT_TOP_N), spacing="me-3 mb-1"),
            className="d-flex flex-wrap mb-1",
        )
    ]


def layout(language: str) -> html.Div:
    small = {"n": MIN_GROUP_SIZE}
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            DISTRIBUTION,
                            "ratings.distribution",
                            DISTRIBUTION_NOTE,
                            t("ratings.method.distribution", language),
                            language,
                        ),
                        lg=5,
                    ),
                    dbc.Col(
                        _card(
                            MONTHLY_MEAN,
                            "ratings.monthly_mean",
                            MONTHLY_MEAN_NOTE,
                            t("ratings.method.monthly_mean", language, **small),
                            language,
                            controls=_monthly_controls(language),
                        ),
                        lg=7,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            ZERO_SHARE,
                            "ratings.zero_share",
                            ZERO_SHARE_NOTE,
                            t("ratings.method.zero_share", language, **small),
                            language,
                            selectable=True,
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        _card(
                            VOLUME,
                            "ratings.volume",
                            VOLUME_NOTE,
                            t("ratings.method.volume", language, **small),
                            language,
                        ),
                        lg=6,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            LENGTH_BY_RATING,
                            "ratings.length_by_rating",
                            LENGTH_BY_RATING_NOTE,
                            t("ratings.method.length_by_rating", language),
                            language,
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        _card(
                            LENGTH_PER_YEAR,
                            "ratings.length_per_year",
                            LENGTH_PER_YEAR_NOTE,
                            t("ratings.method.length_per_year", language),
                            language,
                        ),
                        lg=6,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            SEGMENTS,
                            "ratings.segments",
                            SEGMENTS_NOTE,
                            t("ratings.method.segments", language),
                            language,
                            controls=_segment_controls(language),
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        _card(
                            TOP_RECIPES,
                            "ratings.top_recipes",
                            TOP_RECIPES_NOTE,
                            t("ratings.method.top_recipes", language),
                            language,
                            controls=_top_controls(language),
                            block_note=True,
                        ),
                        lg=6,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _card(
                            WORDS,
                            "ratings.words",
                            WORDS_NOTE,
                            t("ratings.method.words", language, min_count=MIN_WORD_COUNT),
                            language,
                            height=WORDS_HEIGHT,
                        )
                    ),
                ]
            ),
        ]
    )
