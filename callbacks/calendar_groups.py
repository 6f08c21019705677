"""Comparing the groups of a calendar dimension: seasons, weekdays, weekend against weekdays.

The Seasons and Weekdays tabs share this machinery: volumes against the shares expected from
the calendar, rating summaries with confidence intervals, box plots of a recipe measure with a
rank test, and the tags or ingredients whose share differs between groups (one test per item,
Benjamini–Hochberg corrected). Queries live in ``queries/calendar/``; a ``Dimension`` defines its
groups once, here, and binds them into every query as ``$source`` and ``$group_of``. Every
interpretation is generated from the computed numbers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Sequence

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Input, State, html

from app import stats
from app.filters import Filters
from app.i18n import fmt_count, fmt_measure, fmt_number, fmt_p, fmt_percent, normalize_language, register, t
from app.schema import MINUTES_OUTLIER_THRESHOLD, NUTRITION_COLUMNS, SEASON_BY_MONTH, SEASONS
from app.stats import sps
from app.theme import palette
from callbacks import common
from callbacks.common import View
from callbacks.figures import shade_categories

# -- dimensions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """A calendar grouping: cross-filter name (also the prefix of its group labels), group keys
    in display order (also the cross-filter values), each group's expected relative volume, and
    how rows fall into groups: ``source`` is the calendar column (month or weekday) and
    ``group_of[v]`` the index in ``keys`` of the group of value v."""

    name: str
    keys: tuple[str, ...]
    weights: tuple[float, ...]
    source: str
    group_of: tuple[int, ...]

    def label(self, key: str, language: str) -> str:
        return t(f"{self.name}.{key}", language)

    def labels(self, keys: Sequence[str], language: str) -> list[str]:
        return [self.label(key, language) for key in keys]

    @property
    def expected_shares(self) -> np.ndarray:
        return np.asarray(self.weights, dtype=float) / sum(self.weights)

    @property
    def params(self) -> dict:
        """The grouping bound into the queries (SQL lists are 1-based: value v is at v + 1)."""
        return {"source": self.source, "group_of": list(self.group_of)}

    def keys_of(self, group_index: pd.Series) -> pd.Series:
        """Group keys of a query's ``group_index`` column."""
        return group_index.map(dict(enumerate(self.keys)))

    def source_values(self, key: str) -> set[int]:
        """The months or weekdays (values of ``source``) that fall into group ``key``."""
        return {value for value, group in enumerate(self.group_of) if group >= 0 and self.keys[group] == key}

    @property
    def siblings(self) -> tuple[str, ...]:
        """The cross-filter dimensions read from the same calendar column (month and season; weekday
        and day type): charts of this dimension show every group and highlight what those focus on."""
        return tuple(name for name, other in CALENDAR_DIMENSIONS.items() if other.source == self.source)

    def focused_keys(self, filters: Filters) -> tuple[str, ...] | None:
        """The groups holding the months or weekdays the sibling cross-filters select (a weekday focus
        selects the weekend or weekdays group; a day-type focus its days), None without such a focus."""
        selected: set[int] | None = None
        for name in self.siblings:
            value = filters.focus_on(name)
            if value is not None:
                values = CALENDAR_DIMENSIONS[name].source_values(value)
                selected = values if selected is None else selected & values
        if selected is None:
            return None
        groups = {self.group_of[value] for value in selected}
        return tuple(key for index, key in enumerate(self.keys) if index in groups)


# Expected volume of a season: its mean number of days (February counts 28.25 days).
SEASON_DAYS = {"winter": 90.25, "spring": 92, "summer": 92, "autumn": 91}
_NONE = -1  # month 0 and weekday 0 do not exist
SEASON = Dimension("season", SEASONS, tuple(SEASON_DAYS[s] for s in SEASONS), "month",
                   (_NONE, *(SEASONS.index(SEASON_BY_MONTH[month]) for month in range(1, 13))))
WEEKDAY = Dimension("weekday", tuple(str(day) for day in range(1, 8)), (1,) * 7, "weekday", (_NONE, *range(7)))
DAYTYPE = Dimension("daytype", ("weekend", "weekday"), (2, 5), "weekday", (_NONE, 1, 1, 1, 1, 1, 0, 0))
# Months are no tab's groups, but a month cross-filter selects seasons.
MONTH = Dimension("month", tuple(str(month) for month in range(1, 13)), (1,) * 12, "month", (_NONE, *range(12)))
CALENDAR_DIMENSIONS = {dimension.name: dimension for dimension in (MONTH, SEASON, WEEKDAY, DAYTYPE)}

# Recipe measures compared between groups (names match queries/calendar/measure_*.sql).
MEASURES = ("minutes", "complexity", *NUTRITION_COLUMNS)
ITEM_KINDS = ("tags", "ingredients")
# An item is tested only when this many filtered recipes hold it, so every group has enough
# expected recipes for a chi-square or z approximation.
MIN_ITEM_SUPPORT = 50
TOP_ITEMS = 15
TOP_ITEMS_PER_SIDE = 10

# Effect-size words come from app.stats (one set of thresholds for every tab).
# Tests whose statistic counts pairs of observations (Mann–Whitney U): written as a whole number
# (ties can make it end in .5, a precision no reader needs); chi-square and H keep one decimal.
COUNT_STATISTICS = frozenset({"mann_whitney"})

FADED_OPACITY = 0.35

register({
    "calendar.recipes": {"en": "Recipes", "fr": "Recettes"},
    "calendar.reviews": {"en": "Reviews", "fr": "Avis"},
    "calendar.unit.recipes": {"en": "recipes", "fr": "recettes"},
    "calendar.unit.reviews": {"en": "reviews", "fr": "avis"},
    "calendar.unit.rated": {"en": "rated reviews", "fr": "avis notés"},
    "calendar.expected": {"en": "Expected", "fr": "Attendu"},
    "calendar.axis.share": {"en": "Share (%)", "fr": "Part (%)"},
    "calendar.hover.count": {"en": "count", "fr": "effectif"},
    "calendar.measure_label": {"en": "Measure", "fr": "Mesure"},
    "calendar.kind_label": {"en": "Analyse", "fr": "Analyser"},
    "calendar.kind.tags": {"en": "tags", "fr": "tags"},
    "calendar.kind.ingredients": {"en": "ingredients", "fr": "ingrédients"},
    "calendar.kind_title.tags": {"en": "Tags", "fr": "Tags"},
    "calendar.kind_title.ingredients": {"en": "Ingredients", "fr": "Ingrédients"},
    "calendar.measure.minutes": {"en": "Preparation time (minutes)", "fr": "Temps de préparation (minutes)"},
    "calendar.measure.complexity": {"en": "Complexity (steps + ingredients)",
                                    "fr": "Complexité (étapes + ingrédients)"},
    "calendar.measure.calories": {"en": "Calories (kcal)", "fr": "Calories (kcal)"},
    "calendar.measure.total_fat_pdv": {"en": "Total fat (% DV)", "fr": "Lipides (% VQ)"},
    "calendar.measure.sugar_pdv": {"en": "Sugar (% DV)", "fr": "Sucres (% VQ)"},
    "calendar.measure.sodium_pdv": {"en": "Sodium (% DV)", "fr": "Sodium (% VQ)"},
    "calendar.measure.protein_pdv": {"en": "Protein (% DV)", "fr": "Protéines (% VQ)"},
    "calendar.measure.sat_fat_pdv": {"en": "Saturated fat (% DV)", "fr": "Graisses saturées (% VQ)"},
    "calendar.measure.carbs_pdv": {"en": "Carbohydrates (% DV)", "fr": "Glucides (% VQ)"},
    "calendar.box_policy": {
        "en": "Boxes: quartiles and median (line), mean (dashed); whiskers reach 1.5 × IQR, capped at the data range. "
              "Preparation time excludes recipes over {threshold} minutes; % DV = percent of daily value.",
        "fr": "Boîtes : quartiles et médiane (trait), moyenne (tirets) ; moustaches à 1,5 × IQR, bornées par les données. "
              "Le temps de préparation exclut les recettes de plus de {threshold} minutes ; % VQ = pourcentage de la valeur quotidienne."},
    "calendar.click_hint": {
        "en": "Click a bar to cross-filter on its group: this tab's charts highlight it, the other tabs show only "
              "its recipes and reviews; click it again to clear.",
        "fr": "Cliquez sur une barre pour filtrer sur son groupe : les graphiques de cet onglet le mettent en "
              "évidence, les autres onglets ne montrent que ses recettes et avis ; cliquez à nouveau pour effacer."},
    # Expected shares, generated from the dimension's weights.
    "calendar.expected.season": {
        "en": "Expected shares follow the number of days of each season ({days} days).",
        "fr": "Les parts attendues suivent le nombre de jours de chaque saison ({days} jours)."},
    "calendar.expected.weekday": {
        "en": "Expected: the same share every day of the week (1/7 = {share}).",
        "fr": "Attendu : la même part chaque jour de la semaine (1/7 = {share})."},
    "calendar.expected.daytype": {
        "en": "Expected: the weekend holds 2 of the 7 days ({share}).",
        "fr": "Attendu : le week-end compte 2 des 7 jours ({share})."},
    # Tests and effect sizes.
    "calendar.test.gof": {"en": "chi-square goodness of fit", "fr": "khi-deux d'ajustement"},
    "calendar.test.independence": {"en": "chi-square test of independence", "fr": "khi-deux d'indépendance"},
    "calendar.test.kruskal": {"en": "Kruskal–Wallis", "fr": "Kruskal–Wallis"},
    "calendar.test.mann_whitney": {"en": "Mann–Whitney", "fr": "Mann–Whitney"},
    "calendar.test.two_proportions": {"en": "two-proportion z-test", "fr": "test z de deux proportions"},
    "calendar.effect.gof": {"en": "Cohen's w", "fr": "w de Cohen"},
    "calendar.effect.independence": {"en": "Cramér's V", "fr": "V de Cramér"},
    "calendar.effect.kruskal": {"en": "ε²", "fr": "ε²"},
    "calendar.effect.mann_whitney": {"en": "rank-biserial r", "fr": "r bisérial des rangs"},
    "calendar.magnitude.negligible": {"en": "negligible", "fr": "négligeable"},
    "calendar.magnitude.small": {"en": "small", "fr": "faible"},
    "calendar.magnitude.medium": {"en": "medium", "fr": "moyen"},
    "calendar.magnitude.large": {"en": "large", "fr": "fort"},
    "calendar.significant": {
        "en": "{test}: {statistic}, {p} — significant at 5 %; {effect_name} = {effect} ({magnitude} effect).",
        "fr": "{test} : {statistic}, {p} — significatif au seuil de 5 % ; {effect_name} = {effect} (effet {magnitude})."},
    "calendar.not_significant": {
        "en": "{test}: {statistic}, {p} — not significant at 5 %; {effect_name} = {effect} ({magnitude} effect).",
        "fr": "{test} : {statistic}, {p} — non significatif au seuil de 5 % ; {effect_name} = {effect} (effet {magnitude})."},
    "calendar.too_small": {
        "en": "Too small to conclude: {group} has only {n} {unit} (at least {minimum} needed per group).",
        "fr": "Trop peu de données pour conclure : {group} ne compte que {n} {unit} (au moins {minimum} par groupe)."},
    "calendar.one_group": {
        "en": "Only one group in the current selection ({group}): nothing to compare; clear the cross-filter to compare.",
        "fr": "Un seul groupe dans la sélection ({group}) : rien à comparer ; effacez le filtre croisé pour comparer."},
    # Volumes.
    "calendar.volume": {
        "en": "{what}: highest {high} {high_share} (expected {high_expected}), lowest {low} {low_share} (expected {low_expected}).",
        "fr": "{what} : maximum {high} {high_share} (attendu {high_expected}), minimum {low} {low_share} (attendu {low_expected})."},
    "calendar.volume_first": {
        "en": "{what}: {group} {share} (expected {expected}).",
        "fr": "{what} : {group} {share} (attendu {expected})."},
    # Measures.
    "calendar.measure_medians": {"en": "Median of {measure}: {medians}.", "fr": "Médiane de {measure} : {medians}."},
    "calendar.rank_biserial_direction": {
        "en": "r > 0: values tend to be higher for {first} than for {second}; r < 0: the reverse.",
        "fr": "r > 0 : valeurs plutôt plus élevées pour {first} que pour {second} ; r < 0 : l'inverse."},
    # Ratings.
    "calendar.ratings.mean_axis": {"en": "Mean rating (1–5)", "fr": "Note moyenne (1–5)"},
    "calendar.ratings.mean_title": {"en": "Mean rating, 95 % CI", "fr": "Note moyenne, IC à 95 %"},
    "calendar.ratings.share_title": {"en": "Share of reviews, 95 % Wilson CI", "fr": "Part des avis, IC de Wilson à 95 %"},
    "calendar.ratings.five": {"en": "5 stars", "fr": "5 étoiles"},
    "calendar.ratings.poor": {"en": "1–2 stars", "fr": "1–2 étoiles"},
    "calendar.ratings.single": {
        "en": "{group}: mean rating {mean} (95 % CI {low}–{high}), 5 stars {five}, 1–2 stars {poor}.",
        "fr": "{group} : note moyenne {mean} (IC à 95 % {low}–{high}), 5 étoiles {five}, 1–2 étoiles {poor}."},
    "calendar.ratings.mean": {
        "en": "Mean rating (1–5 stars only): highest {high} {high_mean} (95 % CI {high_low}–{high_high}), lowest {low} {low_mean} ({low_low}–{low_high}).",
        "fr": "Note moyenne (1 à 5 étoiles seulement) : maximum {high} {high_mean} (IC à 95 % {high_low}–{high_high}), minimum {low} {low_mean} ({low_low}–{low_high})."},
    "calendar.ratings.shares": {
        "en": "5 stars: from {five_low} ({five_low_group}) to {five_high} ({five_high_group}); 1–2 stars: from {poor_low} ({poor_low_group}) to {poor_high} ({poor_high_group}).",
        "fr": "5 étoiles : de {five_low} ({five_low_group}) à {five_high} ({five_high_group}) ; 1–2 étoiles : de {poor_low} ({poor_low_group}) à {poor_high} ({poor_high_group})."},
    "calendar.ratings.base_with_zero": {
        "en": "Volumes, shares and the test count the reviews without stars (kept by the filter); the mean never does.",
        "fr": "Volumes, parts et test comptent les avis sans étoiles (conservés par le filtre) ; la moyenne jamais."},
    "calendar.ratings.base_without_zero": {
        "en": "Reviews without stars are excluded by the filter.",
        "fr": "Les avis sans étoiles sont exclus par le filtre."},
    "calendar.ratings.test_prefix": {"en": "Rating × {dimension}", "fr": "Note × {dimension}"},
    # Items.
    "calendar.items.method": {
        "en": "{n_tested} {kind} held by at least {support} recipes tested ({test}), Benjamini–Hochberg correction (FDR 5 %): {n_significant} significant.",
        "fr": "{n_tested} {kind} présents dans au moins {support} recettes testés ({test}), correction de Benjamini–Hochberg (FDR 5 %) : nombre de significatifs : {n_significant}."},
    "calendar.items.none": {
        "en": "None differs significantly after correction: no pattern can be claimed.",
        "fr": "Aucun ne diffère significativement après correction : aucun effet ne peut être affirmé."},
    "calendar.items.too_few": {
        "en": "None of the {kind} is held by at least {support} recipes under the current filters: too small to conclude.",
        "fr": "Aucun des {kind} n'est présent dans au moins {support} recettes avec les filtres actuels : trop peu de données pour conclure."},
    "calendar.items.empty_chart": {
        "en": "No significant difference after correction.", "fr": "Aucune différence significative après correction."},
    "calendar.items.strongest_across": {
        "en": "Strongest: {item}, held by {high_share} of recipes in {high} vs {low_share} in {low} (Cramér's V = {v}, {magnitude} effect).",
        "fr": "Le plus marqué : {item}, présent dans {high_share} des recettes ({high}) contre {low_share} ({low}) (V de Cramér = {v}, effet {magnitude})."},
    "calendar.items.strongest_side": {
        "en": "Most over-represented — {group}: {item}, {share} vs {other_share} (+{difference} pp).",
        "fr": "Le plus sur-représenté — {group} : {item}, {share} contre {other_share} (+{difference} pts)."},
    "calendar.items.none_side": {
        "en": "None is significantly over-represented — {group}.",
        "fr": "Aucun n'est significativement sur-représenté — {group}."},
    "calendar.items.deviation": {"en": "vs average share (%)", "fr": "écart à la part moyenne (%)"},
    "calendar.items.difference_axis": {"en": "Share difference, {first} − {second} (pp)",
                                       "fr": "Écart de part, {first} − {second} (pts)"},
    "calendar.items.versus": {"en": "{first} vs {second}", "fr": "{first} contre {second}"},
    "calendar.items.more_on": {"en": "Over-represented: {group}", "fr": "Sur-représenté : {group}"},
})


# -- controls ------------------------------------------------------------------------------

def _control(label: str, control) -> html.Div:
    return html.Div([html.Span(label, className="me-2 small text-secondary"), control],
                    className="d-flex align-items-center flex-wrap gap-1 mx-3 mt-2")


def measure_control(component_id: str, language: str) -> html.Div:
    """Selector of the recipe measure compared between groups."""
    options = [{"label": t(f"calendar.measure.{m}", language), "value": m} for m in MEASURES]
    return _control(t("calendar.measure_label", language),
                    dbc.Select(id=component_id, options=options, value=MEASURES[0], size="sm",
                               style={"maxWidth": "20rem"}))


def kind_control(component_id: str, language: str) -> html.Div:
    """Tags / ingredients switch of the item analyses."""
    options = [{"label": t(f"calendar.kind_title.{kind}", language), "value": kind} for kind in ITEM_KINDS]
    return _control(t("calendar.kind_label", language),
                    dbc.RadioItems(id=component_id, options=options, value=ITEM_KINDS[0], inline=True,
                                   className="btn-group", inputClassName="btn-check",
                                   labelClassName="btn btn-outline-primary btn-sm", labelCheckedClassName="active"))


def note_block(note_id: str, *static: str) -> html.Div:
    """A chart's fixed explanations above its generated text (filled by a ``note_callback``)."""
    return html.Div([*(html.Div(text, className="small fst-italic mb-1") for text in static), html.Div(id=note_id)])


def box_policy(language: str) -> str:
    return t("calendar.box_policy", language, threshold=MINUTES_OUTLIER_THRESHOLD)


def note_callback(note_id: str, *extra: Input | State) -> Callable:
    """``common.note_callback`` for a function returning sentences, shown one paragraph each;
    the function itself (returning the sentences) stays callable in tests."""
    def decorate(function: Callable[..., list[str]]) -> Callable[..., list[str]]:
        def paragraphs(view: View, *values) -> list[html.P]:
            return [html.P(line, className="mb-1") for line in function(view, *values)]
        common.note_callback(note_id, *extra)(functools.wraps(function)(paragraphs))
        return function
    return decorate


# -- shared wording ------------------------------------------------------------------------

def test_sentence(result: stats.TestResult, test_key: str, statistic: str, thresholds: Sequence[float],
                  language: str) -> str:
    """'<test>: <statistic>, p — (not) significant; effect = x (<magnitude> effect).'"""
    key = "calendar.significant" if result.significant else "calendar.not_significant"
    name = t(f"calendar.test.{test_key}", language)
    value = (fmt_count(result.statistic, language) if test_key in COUNT_STATISTICS
             else fmt_number(result.statistic, language, 1))
    return t(key, language, test=name[0].upper() + name[1:], statistic=f"{statistic} = {value}",
             p=fmt_p(result.p_value, normalize_language(language)),
             effect_name=t(f"calendar.effect.{test_key}", language), effect=fmt_number(result.effect, language, 3),
             magnitude=t(f"calendar.magnitude.{stats.magnitude(result.effect, thresholds)}", language))


def _too_small(sizes: pd.Series, unit: str, dimension: Dimension, language: str) -> str | None:
    """The 'too small to conclude' sentence when a group has fewer than MIN_GROUP_SIZE observations."""
    smallest = sizes.idxmin()
    if sizes[smallest] >= stats.MIN_GROUP_SIZE:
        return None
    return t("calendar.too_small", language, group=dimension.label(smallest, language),
             n=fmt_count(sizes[smallest], language), unit=t(f"calendar.unit.{unit}", language),
             minimum=stats.MIN_GROUP_SIZE)


def _one_group(keys: Sequence[str], dimension: Dimension, language: str) -> str | None:
    """The 'nothing to compare' sentence when fewer than two groups have data (cross-filter)."""
    if len(keys) >= 2:
        return None
    group = dimension.label(keys[0], language) if keys else "–"
    return t("calendar.one_group", language, group=group)


def _shade_focused(figure: go.Figure, view: View, dimension: Dimension, shown: Sequence[str], xref: str = "x") -> None:
    """Shade the focused groups among the ``shown`` categories of axis ``xref``."""
    focused = dimension.focused_keys(view.filters) or ()
    shade_categories(figure, view, [index for index, key in enumerate(shown) if key in focused], xref)


# -- aggregates ----------------------------------------------------------------------------

def _aggregate(view: View, dimension: Dimension, query: str, **params) -> pd.DataFrame:
    """A calendar query per group of ``dimension``. Every chart of a dimension shows all its groups:
    a cross-filter on it or on a sibling (see ``Dimension.siblings``) highlights groups instead of
    leaving one, which would leave nothing to compare; any other cross-filter applies."""
    return view.aggregate(query, ignoring_focus=dimension.siblings, **dimension.params, **params)


def recipe_counts(view: View, dimension: Dimension) -> pd.Series:
    """Recipes per group, every group present (0 when empty)."""
    frame = _aggregate(view, dimension, "calendar/recipe_volume")
    return frame.set_index(dimension.keys_of(frame["group_index"]))["n"].reindex(list(dimension.keys), fill_value=0)


def rating_table(view: View, dimension: Dimension) -> pd.DataFrame:
    """Reviews per group (rows, every group) and rating (columns present in the filtered data)."""
    frame = _aggregate(view, dimension, "calendar/rating_counts")
    table = frame.set_index([dimension.keys_of(frame["group_index"]), "rating"])["n"].unstack(fill_value=0)
    return table.reindex(list(dimension.keys), fill_value=0)


def rating_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per group: reviews, rated reviews, mean rating over 1–5 stars with its t interval, and the
    shares of 5-star and 1–2-star reviews among all reviews counted, with Wilson intervals."""
    ratings = np.asarray(table.columns, dtype=float)
    counts = table.to_numpy(dtype=float)
    stars, values = counts[:, ratings > 0], ratings[ratings > 0]
    rated = stars.sum(axis=1)
    reviews = counts.sum(axis=1)
    five = counts[:, ratings == 5].sum(axis=1)
    poor = counts[:, np.isin(ratings, (1, 2))].sum(axis=1)
    _, mean, std = stats.counts_mean_std(stars, values)
    with np.errstate(divide="ignore", invalid="ignore"):
        five_share, poor_share = five / reviews, poor / reviews
    mean_low, mean_high = stats.mean_ci(mean, std, rated)
    five_low, five_high = stats.proportion_ci(five, reviews)
    poor_low, poor_high = stats.proportion_ci(poor, reviews)
    return pd.DataFrame({
        "reviews": reviews.astype(int), "rated": rated.astype(int), "mean": mean, "mean_low": mean_low,
        "mean_high": mean_high, "five": five_share, "five_low": five_low, "five_high": five_high,
        "poor": poor_share, "poor_low": poor_low, "poor_high": poor_high,
    }, index=table.index)


def _measure(measure: str | None) -> str:
    """The selected measure, falling back to the first for an unknown value."""
    return common.option(measure, MEASURES, MEASURES[0])


def _kind(kind: str | None) -> str:
    return common.option(kind, ITEM_KINDS, ITEM_KINDS[0])


def measure_quantiles(view: View, dimension: Dimension, measure: str) -> pd.DataFrame:
    """Box statistics per group present: n, mean, quartiles and whisker ends (1.5 × IQR, capped)."""
    frame = _aggregate(view, dimension, "calendar/measure_quantiles", measure=_measure(measure))
    frame = frame.sort_values("group_index")
    frame = frame.set_index(dimension.keys_of(frame["group_index"])).drop(columns="group_index")
    quartiles = np.array(frame["quartiles"].tolist(), dtype=float).reshape(-1, 3)
    frame["q1"], frame["median"], frame["q3"] = quartiles.T
    spread = 1.5 * (frame["q3"] - frame["q1"])
    frame["lower"] = np.maximum(frame["minimum"], frame["q1"] - spread)
    frame["upper"] = np.minimum(frame["maximum"], frame["q3"] + spread)
    return frame.drop(columns="quartiles")


def measure_groups(view: View, dimension: Dimension, measure: str) -> dict[str, np.ndarray]:
    """The measure's values per group present, for the rank tests (kept on the server)."""
    frame = _aggregate(view, dimension, "calendar/measure_values", measure=_measure(measure))
    indexes, values = frame["group_index"].to_numpy(), frame["value"].to_numpy(dtype=float)
    by_group = {key: values[indexes == index] for index, key in enumerate(dimension.keys)}
    return {key: group for key, group in by_group.items() if len(group)}


def item_counts(view: View, dimension: Dimension, kind: str) -> pd.DataFrame:
    """Recipes holding each supported item (rows) per group (columns, every group)."""
    frame = _aggregate(view, dimension, "calendar/item_counts", kind=_kind(kind), min_support=MIN_ITEM_SUPPORT)
    table = frame.set_index(["item", dimension.keys_of(frame["group_index"])])["n"].unstack(fill_value=0)
    return table.reindex(columns=list(dimension.keys), fill_value=0)


# -- item tests ----------------------------------------------------------------------------

def presence_chi_square(present: np.ndarray, totals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chi-square independence of presence × group for many items at once.

    ``present``: items × groups counts of recipes holding the item; ``totals``: recipes per group.
    Each item is a 2 × k table (holding / not holding); returns (chi², p-value, Cramér's V), equal
    to scipy's ``chi2_contingency(correction=False)`` item by item but in one vectorized pass.
    """
    present = np.asarray(present, dtype=float)
    totals = np.asarray(totals, dtype=float)
    n = totals.sum()
    item_totals = present.sum(axis=1, keepdims=True)
    expected_present = item_totals * totals / n
    expected_absent = (n - item_totals) * totals / n
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = (present - expected_present) ** 2 * (1 / expected_present + 1 / expected_absent)
    # An item held by every recipe (or none) has an empty row: 0 · ∞ cells contribute nothing.
    chi2 = np.where(np.isfinite(cells), cells, 0.0).sum(axis=1)
    p_values = sps.chi2.sf(chi2, df=len(totals) - 1)
    return chi2, p_values, np.sqrt(chi2 / n)


def items_across_groups(counts: pd.DataFrame, totals: pd.Series) -> pd.DataFrame:
    """Per item: share in each group, chi-square of presence × group, FDR q-value, Cramér's V;
    significant items first, by decreasing V. Groups without recipes are left out."""
    groups = [key for key in counts.columns if totals[key] > 0]
    shares = counts[groups] / totals[groups]
    chi2, p_values, v = presence_chi_square(counts[groups].to_numpy(), totals[groups].to_numpy())
    significant, q_values = stats.fdr(p_values)
    result = shares.assign(chi2=chi2, p=p_values, q=q_values, significant=significant, v=v,
                           overall=counts[groups].sum(axis=1) / totals[groups].sum())
    return result.sort_values(["significant", "v"], ascending=[False, False])


def items_between(counts: pd.DataFrame, totals: pd.Series, first: str, second: str) -> pd.DataFrame:
    """Per item: shares in ``first`` and ``second``, their difference (pp), two-proportion z-test
    and FDR q-value; sorted by decreasing difference."""
    share_first, share_second = counts[first] / totals[first], counts[second] / totals[second]
    z, p_values = stats.two_proportion_test(counts[first], totals[first], counts[second], totals[second])
    significant, q_values = stats.fdr(p_values)
    return pd.DataFrame({"first": share_first, "second": share_second,
                         "difference_pp": 100 * (share_first - share_second), "z": z, "p": p_values,
                         "q": q_values, "significant": significant}).sort_values("difference_pp", ascending=False)


# -- figures -------------------------------------------------------------------------------

def volume_figure(view: View, dimension: Dimension) -> go.Figure:
    """Shares of recipes (submission date) and reviews (review date) per group against the shares
    the calendar predicts; clicking a group cross-filters on it, the focused groups stay opaque."""
    recipes, reviews = recipe_counts(view, dimension), rating_table(view, dimension).sum(axis=1)
    if recipes.sum() == 0 and reviews.sum() == 0:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    keys = list(dimension.keys)
    labels = dimension.labels(keys, lang)
    focused = dimension.focused_keys(view.filters)
    opacity = [1.0 if focused is None or key in focused else FADED_OPACITY for key in keys]
    figure = go.Figure()
    for name, counts, color in (("recipes", recipes, roles["accent"]), ("reviews", reviews, roles["primary"])):
        total = counts.sum()
        shares = counts / total * 100 if total else counts * 0.0
        figure.add_bar(
            x=labels, y=shares.round(3), customdata=keys, name=t(f"calendar.{name}", lang),
            text=[fmt_count(c, lang) for c in counts], textposition="none",
            marker={"color": color, "opacity": opacity},
            hovertemplate=f"%{{x}}: %{{y:.2f}} % ({t('calendar.hover.count', lang)} %{{text}})"
                          "<extra>%{fullData.name}</extra>",
        )
    figure.add_scatter(
        x=labels, y=(dimension.expected_shares * 100).round(3), customdata=keys, mode="markers",
        name=t("calendar.expected", lang), marker={"symbol": "line-ew-open", "size": 44, "line": {"width": 3},
                                                     "color": roles["neutral"]},
        hovertemplate="%{x}: %{y:.2f} %<extra>%{fullData.name}</extra>",
    )
    return view.styled(figure, yaxis_title=t("calendar.axis.share", lang), xaxis_title=t(f"dim.{dimension.name}", lang),
                       barmode="group", bargap=0.25)


def measure_figure(view: View, dimension: Dimension, measure: str) -> go.Figure:
    """Box plots of a recipe measure per group, from quantiles computed in SQL."""
    measure = _measure(measure)
    boxes = measure_quantiles(view, dimension, measure)
    if boxes.empty:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    name = t(f"calendar.measure.{measure}", lang)
    figure = go.Figure(go.Box(
        x=dimension.labels(boxes.index, lang), q1=boxes["q1"], median=boxes["median"], q3=boxes["q3"],
        lowerfence=boxes["lower"], upperfence=boxes["upper"], mean=boxes["mean"], boxmean=True,
        name=name, marker_color=roles["primary"], fillcolor=roles["band"], customdata=list(boxes.index),
    ))
    _shade_focused(figure, view, dimension, list(boxes.index))
    return view.styled(figure, yaxis_title=name, xaxis_title=t(f"dim.{dimension.name}", lang), showlegend=False)


def ratings_figure(view: View, dimension: Dimension) -> go.Figure:
    """Mean rating (1–5) per group with t intervals, and the shares of 5-star and 1–2-star reviews
    with Wilson intervals."""
    summary = rating_summary(rating_table(view, dimension))
    summary = summary[summary["reviews"] > 0]
    if summary.empty:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    keys = list(summary.index)
    labels = dimension.labels(keys, lang)
    figure = go.Figure()
    figure.add_scatter(
        x=labels, y=summary["mean"].round(4), customdata=keys, mode="markers",
        name=t("calendar.ratings.mean_axis", lang),
        marker={"color": roles["primary"], "size": 10},
        error_y={"type": "data", "symmetric": False, "array": (summary["mean_high"] - summary["mean"]).round(4),
                 "arrayminus": (summary["mean"] - summary["mean_low"]).round(4)},
        text=[fmt_count(n, lang) for n in summary["rated"]],
        hovertemplate="%{x}: %{y:.3f} (n = %{text})<extra></extra>",
    )
    for column, color in (("five", roles["accent"]), ("poor", roles["highlight"])):
        share = summary[column] * 100
        figure.add_bar(
            x=labels, y=share.round(3), customdata=keys, name=t(f"calendar.ratings.{column}", lang), marker_color=color,
            error_y={"type": "data", "symmetric": False, "array": (summary[f"{column}_high"] * 100 - share).round(3),
                     "arrayminus": (share - summary[f"{column}_low"] * 100).round(3)},
            hovertemplate="%{x}: %{y:.1f} %<extra>%{fullData.name}</extra>", xaxis="x2", yaxis="y2",
        )
    for xref in ("x", "x2"):
        _shade_focused(figure, view, dimension, keys, xref)
    # Two panels side by side, laid out by hand: make_subplots costs more than the whole callback.
    panel_title = {"xref": "paper", "yref": "paper", "y": 1.0, "yanchor": "bottom", "showarrow": False}
    return view.styled(
        figure, barmode="group", showlegend=True,
        xaxis={"domain": [0, 0.42]}, xaxis2={"domain": [0.58, 1], "anchor": "y2"},
        yaxis={"title": {"text": t("calendar.ratings.mean_axis", lang)}},
        yaxis2={"title": {"text": t("calendar.axis.share", lang)}, "anchor": "x2", "rangemode": "tozero"},
        annotations=[{**panel_title, "x": 0.21, "xanchor": "center", "text": t("calendar.ratings.mean_title", lang)},
                     {**panel_title, "x": 0.79, "xanchor": "center", "text": t("calendar.ratings.share_title", lang)}],
    )


def items_heatmap(view: View, dimension: Dimension, kind: str) -> go.Figure:
    """Share per group of the items varying most between groups (FDR-significant, by Cramér's V):
    colour = deviation from the item's average share, cell text = share."""
    result, reason = _item_analysis(view, dimension, kind, items_across_groups)
    if reason:
        return view.empty(reason)
    top = result[result["significant"]].head(TOP_ITEMS).iloc[::-1]
    lang = view.language
    roles = palette(view.theme)
    if top.empty:
        return view.empty(t("calendar.items.empty_chart", lang))
    groups = [key for key in dimension.keys if key in top.columns]
    shares = top[groups]
    deviation = 100 * (shares.div(top["overall"], axis=0) - 1)
    # Colours saturate at +100 % (twice the average share) so the scale is symmetric around 0.
    figure = go.Figure(go.Heatmap(
        x=dimension.labels(groups, lang), y=list(top.index), z=deviation.round(1).to_numpy(),
        text=[[fmt_percent(s, lang) for s in row] for row in shares.to_numpy()], texttemplate="%{text}",
        zmid=0, zmin=-100, zmax=100, colorscale=[[0, roles["secondary"]], [0.5, roles["neutral"]], [1, roles["primary"]]],
        colorbar={"title": {"text": t("calendar.items.deviation", lang), "side": "right"},
                  "tickvals": [-100, -50, 0, 50, 100], "ticktext": ["−100", "−50", "0", "+50", "≥ +100"]},
        hovertemplate="%{y} — %{x}: %{text} (%{z:+.0f} %)<extra></extra>",
    ))
    focused = dimension.focused_keys(view.filters) or ()
    for position in (index for index, key in enumerate(groups) if key in focused):
        # Cells are opaque: the focused groups are outlined rather than shaded.
        figure.add_shape(type="rect", x0=position - 0.5, x1=position + 0.5, y0=0, y1=1, yref="y domain",
                         line={"color": roles["accent"], "width": 3})
    return view.styled(figure, yaxis={"automargin": True, "type": "category"}, xaxis={"side": "top"},
                       margin={"t": 40})


def items_diverging(view: View, dimension: Dimension, kind: str) -> go.Figure:
    """For a two-group dimension, the FDR-significant items most over-represented in the first
    group and in the second, as share differences in percentage points."""
    first, second = dimension.keys
    result, reason = _item_analysis(view, dimension, kind, functools.partial(items_between, first=first, second=second))
    if reason:
        return view.empty(reason)
    lang = view.language
    roles = palette(view.theme)
    significant = result[result["significant"]]
    top_first = significant[significant["difference_pp"] > 0].head(TOP_ITEMS_PER_SIDE)
    top_second = significant[significant["difference_pp"] < 0].tail(TOP_ITEMS_PER_SIDE)
    if top_first.empty and top_second.empty:
        return view.empty(t("calendar.items.empty_chart", lang))
    first_label, second_label = dimension.label(first, lang), dimension.label(second, lang)
    figure = go.Figure()
    # Bottom to top: strongest for the second group up to strongest for the first.
    sides = ((top_second.iloc[::-1], second_label, roles["secondary"]), (top_first.iloc[::-1], first_label, roles["primary"]))
    for rows, group, color in sides:
        figure.add_bar(
            y=list(rows.index), x=rows["difference_pp"].round(3), orientation="h", marker_color=color,
            name=t("calendar.items.more_on", lang, group=group),
            text=[t("calendar.items.versus", lang, first=fmt_percent(a, lang), second=fmt_percent(b, lang))
                  for a, b in zip(rows["first"], rows["second"])],
            textposition="auto", textangle=0, cliponaxis=False,
            hovertemplate="%{y}: %{x:+.2f} (%{text})<extra></extra>",
        )
    axis_title = t("calendar.items.difference_axis", lang, first=first_label, second=second_label)
    return view.styled(figure, xaxis_title=axis_title,
                       yaxis={"automargin": True, "type": "category"}, barmode="relative")


# -- item analyses with their guard rails ----------------------------------------------------

ItemAnalysis = Callable[[pd.DataFrame, pd.Series], pd.DataFrame]


def _item_analysis(view: View, dimension: Dimension, kind: str,
                   analyse: ItemAnalysis) -> tuple[pd.DataFrame | None, str | None]:
    """``analyse(item counts, recipes per group)``, or why it cannot run (fewer than two groups
    with recipes, no item reaching the minimum support)."""
    lang = view.language
    totals = recipe_counts(view, dimension)
    present = [key for key in dimension.keys if totals[key] > 0]
    if len(present) < 2:
        return None, _one_group(present, dimension, lang)
    counts = item_counts(view, dimension, kind)
    if counts.empty:
        return None, t("calendar.items.too_few", lang, kind=t(f"calendar.kind.{_kind(kind)}", lang),
                       support=MIN_ITEM_SUPPORT)
    return analyse(counts, totals), None


def _items_method(result: pd.DataFrame, kind: str, test_key: str, language: str) -> str:
    return t("calendar.items.method", language, n_tested=fmt_count(len(result), language),
             kind=t(f"calendar.kind.{_kind(kind)}", language), support=MIN_ITEM_SUPPORT,
             test=t(f"calendar.test.{test_key}", language),
             n_significant=fmt_count(int(result["significant"].sum()), language))


# -- generated interpretations -------------------------------------------------------------

def volume_lines(view: View, dimension: Dimension) -> list[str]:
    """Expected shares, then per source the highest and lowest group and the goodness-of-fit test."""
    lang = view.language
    expected = pd.Series(dimension.expected_shares, index=list(dimension.keys))
    if dimension is SEASON:
        days = ", ".join(f"{dimension.label(key, lang).lower()} {fmt_measure(d, lang, 2)}"
                         for key, d in SEASON_DAYS.items())
        lines = [t("calendar.expected.season", lang, days=days)]
    else:
        lines = [t(f"calendar.expected.{dimension.name}", lang, share=fmt_percent(expected.iloc[0], lang))]
    recipes, reviews = recipe_counts(view, dimension), rating_table(view, dimension).sum(axis=1)
    for what, counts in (("recipes", recipes), ("reviews", reviews)):
        total = counts.sum()
        if total == 0:
            continue
        shares = counts / total
        high, low = shares.idxmax(), shares.idxmin()
        if len(dimension.keys) == 2:  # the first group's share says it all
            first = dimension.keys[0]
            sentence = t("calendar.volume_first", lang, what=t(f"calendar.{what}", lang),
                         group=dimension.label(first, lang), share=fmt_percent(shares[first], lang),
                         expected=fmt_percent(expected[first], lang))
        else:
            sentence = t("calendar.volume", lang, what=t(f"calendar.{what}", lang),
                         high=dimension.label(high, lang), high_share=fmt_percent(shares[high], lang),
                         high_expected=fmt_percent(expected[high], lang), low=dimension.label(low, lang),
                         low_share=fmt_percent(shares[low], lang), low_expected=fmt_percent(expected[low], lang))
        expected_counts = expected * total
        if expected_counts.min() < stats.MIN_GROUP_SIZE:
            smallest = expected_counts.idxmin()
            verdict = t("calendar.too_small", lang, group=dimension.label(smallest, lang),
                        n=fmt_count(counts[smallest], lang), unit=t(f"calendar.unit.{what}", lang),
                        minimum=stats.MIN_GROUP_SIZE)
        else:
            result = stats.chi_square_goodness_of_fit(counts.to_numpy(), dimension.weights)
            verdict = test_sentence(result, "gof", "χ²", stats.COHEN_W, lang)
        lines.append(f"{sentence} {verdict}")
    return lines


def measure_lines(view: View, dimension: Dimension, measure: str) -> list[str]:
    """Medians per group and the rank test: Kruskal–Wallis (ε²) for several groups,
    Mann–Whitney (rank-biserial r, first group over second) for two."""
    lang = view.language
    measure = _measure(measure)
    groups = measure_groups(view, dimension, measure)
    if not groups:
        return [t("chart.empty", lang)]
    sizes = pd.Series({key: len(values) for key, values in groups.items()})
    medians = ", ".join(f"{dimension.label(key, lang)} {fmt_measure(np.median(values), lang, 1)} "
                        f"(n = {fmt_count(len(values), lang)})" for key, values in groups.items())
    lines = [t("calendar.measure_medians", lang, measure=t(f"calendar.measure.{measure}", lang).lower(),
               medians=medians)]
    guard = _one_group(list(groups), dimension, lang) or _too_small(sizes, "recipes", dimension, lang)
    if guard:
        return [*lines, guard]
    if len(dimension.keys) == 2:
        first, second = dimension.keys
        result = stats.mann_whitney(groups[first], groups[second])
        lines += [test_sentence(result, "mann_whitney", "U", stats.COHEN_R, lang),
                  t("calendar.rank_biserial_direction", lang, first=dimension.label(first, lang),
                    second=dimension.label(second, lang))]
    else:
        result = stats.kruskal_wallis(list(groups.values()))
        lines.append(test_sentence(result, "kruskal", "H", stats.EPSILON_SQUARED, lang))
    return lines


def rating_lines(view: View, dimension: Dimension) -> list[str]:
    """Highest and lowest mean rating with intervals, the range of the 5-star and 1–2-star shares,
    and the chi-square independence of rating × group."""
    lang = view.language
    table = rating_table(view, dimension)
    summary = rating_summary(table)
    summary = summary[summary["reviews"] > 0]
    if summary.empty:
        return [t("chart.empty", lang)]
    label = functools.partial(dimension.label, language=lang)
    single = _one_group(list(summary.index), dimension, lang)
    if single:
        row = summary.iloc[0]
        return [t("calendar.ratings.single", lang, group=label(summary.index[0]), mean=fmt_number(row["mean"], lang, 3),
                  low=fmt_number(row["mean_low"], lang, 3), high=fmt_number(row["mean_high"], lang, 3),
                  five=fmt_percent(row["five"], lang), poor=fmt_percent(row["poor"], lang)), single]
    rated = summary[summary["rated"] > 0]
    lines = []
    if not rated.empty:
        high, low = rated["mean"].idxmax(), rated["mean"].idxmin()
        lines.append(t("calendar.ratings.mean", lang,
                       high=label(high), high_mean=fmt_number(rated["mean"][high], lang, 3),
                       high_low=fmt_number(rated["mean_low"][high], lang, 3),
                       high_high=fmt_number(rated["mean_high"][high], lang, 3),
                       low=label(low), low_mean=fmt_number(rated["mean"][low], lang, 3),
                       low_low=fmt_number(rated["mean_low"][low], lang, 3),
                       low_high=fmt_number(rated["mean_high"][low], lang, 3)))
    lines.append(t("calendar.ratings.shares", lang,
                   five_low=fmt_percent(summary["five"].min(), lang), five_low_group=label(summary["five"].idxmin()),
                   five_high=fmt_percent(summary["five"].max(), lang), five_high_group=label(summary["five"].idxmax()),
                   poor_low=fmt_percent(summary["poor"].min(), lang), poor_low_group=label(summary["poor"].idxmin()),
                   poor_high=fmt_percent(summary["poor"].max(), lang), poor_high_group=label(summary["poor"].idxmax())))
    base = "with_zero" if view.filters.include_zero else "without_zero"
    lines.append(t(f"calendar.ratings.base_{base}", lang))
    too_small = _too_small(summary["rated"], "rated", dimension, lang)
    if too_small:
        return [*lines, too_small]
    observed = table.loc[summary.index]
    result = stats.chi_square_independence(observed.to_numpy())
    prefix = t("calendar.ratings.test_prefix", lang, dimension=t(f"dim.{dimension.name}", lang))
    verdict = test_sentence(result, "independence", "χ²", stats.cramers_v_thresholds(min(observed.shape) - 1), lang)
    lines.append(f"{prefix} — {verdict}")
    return lines


def items_across_lines(view: View, dimension: Dimension, kind: str) -> list[str]:
    """How many items were tested and found significant, and the strongest one (Cramér's V)."""
    lang = view.language
    result, reason = _item_analysis(view, dimension, kind, items_across_groups)
    if reason:
        return [reason]
    lines = [_items_method(result, kind, "independence", lang)]
    significant = result[result["significant"]]
    if significant.empty:
        return [*lines, t("calendar.items.none", lang)]
    item = significant.index[0]
    shares = significant.loc[item, [k for k in dimension.keys if k in significant.columns]].astype(float)
    high, low = shares.idxmax(), shares.idxmin()
    lines.append(t("calendar.items.strongest_across", lang, item=item, high_share=fmt_percent(shares[high], lang),
                   high=dimension.label(high, lang), low_share=fmt_percent(shares[low], lang),
                   low=dimension.label(low, lang), v=fmt_number(significant.loc[item, "v"], lang, 3),
                   magnitude=t(f"calendar.magnitude.{stats.magnitude(significant.loc[item, 'v'], stats.COHEN_W)}", lang)))
    return lines


def items_between_lines(view: View, dimension: Dimension, kind: str) -> list[str]:
    """For a two-group dimension: how many items were tested and found significant, and the
    strongest in each direction."""
    lang = view.language
    first, second = dimension.keys
    result, reason = _item_analysis(view, dimension, kind, functools.partial(items_between, first=first, second=second))
    if reason:
        return [reason]
    lines = [_items_method(result, kind, "two_proportions", lang)]
    significant = result[result["significant"]]
    for group, other, rows in ((first, second, significant[significant["difference_pp"] > 0]),
                               (second, first, significant[significant["difference_pp"] < 0].iloc[::-1])):
        if rows.empty:
            lines.append(t("calendar.items.none_side", lang, group=dimension.label(group, lang)))
            continue
        item = rows.index[0]
        share, other_share = (rows.loc[item, "first"], rows.loc[item, "second"]) if group == first else \
            (rows.loc[item, "second"], rows.loc[item, "first"])
        lines.append(t("calendar.items.strongest_side", lang, group=dimension.label(group, lang), item=item,
                       share=fmt_percent(share, lang), other_share=fmt_percent(other_share, lang),
                       difference=fmt_number(100 * (share - other_share), lang, 1)))
    return lines
