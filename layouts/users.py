"""Users & contributors tab layout: activity, segments, cohorts, top users, contributors' ratings, overlap."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from app.analysis.users import CONTRIBUTOR_BUCKET_STARTS as CONTRIBUTOR_BUCKET_STARTS
from app.analysis.users import REVIEWER_SEGMENT_STARTS as REVIEWER_SEGMENT_STARTS
from app.i18n import t
from layouts.components import chart_card

ACTIVITY = "users-activity"
SEGMENTS = "users-segments"
SEGMENT_RATINGS = "users-segment-ratings"
COHORTS = "users-cohorts"
TOP_REVIEWERS = "users-top-reviewers"
TOP_CONTRIBUTORS = "users-top-contributors"
CONTRIBUTOR_RATINGS = "users-contributor-ratings"
OVERLAP = "users-overlap"

ACTIVITY_NOTE = "users-activity-note"
SEGMENTS_NOTE = "users-segments-note"
SEGMENT_RATINGS_NOTE = "users-segment-ratings-note"
COHORTS_NOTE = "users-cohorts-note"
CONTRIBUTOR_RATINGS_NOTE = "users-contributor-ratings-note"
OVERLAP_NOTE = "users-overlap-note"
SEGMENT_DEFINITION = "users-segment-definition"

# Reviewer segments, named in the order of their first numbers of reviews (app.analysis.users defines
# the thresholds: one-time 1, occasional 2-5, regular 6-50, power > 50; contributor sizes 1, 2-5, 6-20, > 20).
REVIEWER_SEGMENTS = ("one_time", "occasional", "regular", "power")
# Top users shown in the rankings.
TOP_COUNT = 15


def range_label(starts: tuple[int, ...], index: int, language: str) -> str:
    """'1', '2–5' or '> 50' for bucket ``index`` of buckets starting at ``starts``."""
    low = starts[index]
    if index == len(starts) - 1:
        return t("users.range.above", language, low=low - 1)
    high = starts[index + 1] - 1
    return t("users.range.single" if low == high else "users.range.between", language, low=low, high=high)


def segment_label(index: int, language: str) -> str:
    """'Occasional (2–5)': a reviewer segment with its thresholds."""
    return t(
        "users.segment_with_range",
        language,
        segment=t(f"users.segment.{REVIEWER_SEGMENTS[index]}", language),
        range=range_label(REVIEWER_SEGMENT_STARTS, index, language),
    )


def bucket_label(index: int, language: str) -> str:
    """'6–20 recipes': a contributor size bucket."""
    text = range_label(CONTRIBUTOR_BUCKET_STARTS, index, language)
    return t("users.bucket_single_recipe" if text == "1" else "users.bucket_with_range", language, range=text)


def _definition(language: str) -> str:
    segments = ", ".join(segment_label(i, language) for i in range(len(REVIEWER_SEGMENTS)))
    buckets = ", ".join(bucket_label(i, language) for i in range(len(CONTRIBUTOR_BUCKET_STARTS)))
    return t("users.segment_definition", language, segments=segments, buckets=buckets)


def _note(note_id: str) -> html.Span:
    return html.Span(id=note_id)


def layout(language: str) -> html.Div:
    def card(name: str, title: str, note_id: str | None = None, height: int = 380) -> dbc.Card:
        return chart_card(name, title, language, height=height, note=_note(note_id) if note_id else None)

    return html.Div(
        [
            html.P(_definition(language), id=SEGMENT_DEFINITION, className="interpretation mx-0"),
            dbc.Row(
                [
                    dbc.Col(card(ACTIVITY, t("users.activity", language), ACTIVITY_NOTE), lg=6),
                    dbc.Col(card(SEGMENTS, t("users.segments", language), SEGMENTS_NOTE), lg=6),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(card(SEGMENT_RATINGS, t("users.segment_ratings", language), SEGMENT_RATINGS_NOTE), lg=6),
                    dbc.Col(
                        card(COHORTS, t("users.cohorts", language), COHORTS_NOTE), lg=6, className="chart-wide"
                    ),  # the heatmap scrolls sideways on phones (assets/10_kitchen.css)
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(card(TOP_REVIEWERS, t("users.top_reviewers", language, n=TOP_COUNT), height=440), lg=6),
                    dbc.Col(
                        card(TOP_CONTRIBUTORS, t("users.top_contributors", language, n=TOP_COUNT), height=440), lg=6
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        card(CONTRIBUTOR_RATINGS, t("users.contributor_ratings", language), CONTRIBUTOR_RATINGS_NOTE),
                        lg=6,
                    ),
                    dbc.Col(card(OVERLAP, t("users.overlap", language), OVERLAP_NOTE), lg=6),
                ]
            ),
        ]
    )
