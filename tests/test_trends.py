"""Trends tab: SQL and statistics against pandas/statsmodels on planted data, callbacks as functions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from app import stats
from app.filters import Filters
from app.i18n import fmt_number
from app.repository import get_repository
from app.tags import STRUCTURAL_TAGS
from app.theme import color
from callbacks import trends
from callbacks.common import View
from layouts import trends as ui
from tests.kaggle import RECIPE_DEFAULTS
from tests.reference import hac_fit as hac_trend
from tests.reference import logistic_fit

YEARS = list(range(2001, 2011))
# Recipes per year vary, so the count weights matter; each a multiple of 10.
RECIPES_PER_YEAR = {year: 40 + 10 * k for k, year in enumerate(YEARS)}
MINUTES_SLOPE = 3  # planted: minutes rise by 3 per year around a symmetric spread
MINUTE_OFFSETS = (-10, -5, 0, 5, 10)
# Year-to-year wobble of the minutes and steps, not tied to the year's order.
WOBBLE = (1, -1, 2, 0, -2, 1, -1, 0, 2, -2)
STEP_PATTERN = (2, 5, 3, 7, 4)
CALORIE_PATTERN = (100.0, 200.0, 300.0, 400.0, 5000.0)  # heavy right tail, median 300


def _share(year_index: int, start: float, step: float) -> float:
    return start + step * year_index


def planted_recipes() -> list[dict]:
    """Recipes with known per-year statistics.

    - minutes: 20 + 3·k + wobble + an offset cycling symmetrically, so mean = median = 20 + 3·k + wobble;
      one 5000-minute outlier in 2005 that the statistics must exclude;
    - steps: a fixed cycle shifted by the wobble (no trend); 2 to 4 ingredients;
    - tags: 'rising-tag' in 10 % + 5 pp per year of the recipes, 'falling-tag' in 60 % − 5 pp per year,
      'steady' in 30 % every year, 'rare' in 10 recipes only (below the support threshold).
    """
    recipes = []
    for k, year in enumerate(YEARS):
        n = RECIPES_PER_YEAR[year]
        rising, falling = (round(n * share) for share in (_share(k, 0.10, 0.05), _share(k, 0.60, -0.05)))
        for j in range(n):
            tags = ["easy"]
            if j < rising:
                tags.append("rising-tag")
            if n - falling <= j:
                tags.append("falling-tag")
            if j % 10 < 3:
                tags.append("steady")
            if year == 2003 and j < 10:
                tags.append("rare")
            recipes.append(
                {
                    "submitted": f"{year}-{1 + j % 12:02d}-{1 + j % 28:02d}",
                    "minutes": 20 + MINUTES_SLOPE * k + WOBBLE[k] + MINUTE_OFFSETS[j % 5],
                    "steps": ["s"] * (STEP_PATTERN[j % 5] + WOBBLE[k] + 2),
                    "ingredients": ["salt", "flour", "butter", "egg"][: 2 + j % 3],
                    "tags": tags,
                    "nutrition": [CALORIE_PATTERN[j % 5], 10.0, 20.0, 5.0, 15.0, 8.0, 10.0],
                }
            )
    recipes.append({"submitted": "2005-03-03", "minutes": 5000, "tags": ["easy"]})
    return recipes


@pytest.fixture(scope="module")
def planted_frame() -> pd.DataFrame:
    """The planted recipes as pandas sees them: the independent side of every comparison."""
    frame = pd.DataFrame([{**RECIPE_DEFAULTS, **recipe} for recipe in planted_recipes()])
    frame["year"] = frame["submitted"].str[:4].astype(int)
    frame["n_steps"] = frame["steps"].map(len)
    frame["n_ingredients"] = frame["ingredients"].map(len)
    frame["calories"] = frame["nutrition"].str[0]
    return frame


@pytest.fixture
def planted(planted_dataset, use_dataset):
    return use_dataset(planted_dataset(planted_recipes(), []))


def independent_trend(years, values, weights) -> sm.regression.linear_model.RegressionResultsWrapper:
    return sm.WLS(
        np.asarray(values, float), sm.add_constant(np.asarray(years, float)), weights=np.asarray(weights, float)
    ).fit()


def texts(children) -> str:
    """All text of a list of Dash components."""
    return " ".join(str(child.children) for child in children)


# -- the models ------------------------------------------------------------------------------------


# hac_trend: statsmodels' WLS with the Newey–West covariance app.stats documents (lag rule, t test);
# logistic_fit: statsmodels' binomial GLM with the quasi-binomial scale of app.stats (Pearson X²/df, at least 1).
# Both shared with the analysis tests (imported above).


def test_item_trends_are_logistic_fits_like_statsmodels(planted, planted_frame):
    result = trends.item_stats(View(), "tags").trends()
    years = result.shares.columns.to_numpy()
    totals = planted_frame.groupby("year").size().to_numpy()
    for item in ("rising-tag", "falling-tag", "steady"):
        successes = planted_frame.groupby("year")["tags"].apply(lambda v, i=item: sum(i in tags for tags in v))
        expected = logistic_fit(years, successes.to_numpy(), totals)
        trend = result.trend(item)
        np.testing.assert_allclose(trend.predict(years), expected.fittedvalues, rtol=1e-6, atol=1e-9)
        assert trend.change == pytest.approx(expected.fittedvalues[-1] - expected.fittedvalues[0], rel=1e-6)
        assert result.table.loc[item, "z"] == pytest.approx(expected.tvalues[1], rel=1e-6)
        if expected.pvalues[1] > 1e-12:
            assert trend.p_value == pytest.approx(expected.pvalues[1], rel=1e-6)
        curve = trend.predict(np.linspace(1990, 2030, 81))
        assert curve.min() >= 0 and curve.max() <= 1  # a share's curve stays a share, even extrapolated


# -- SQL against pandas ---------------------------------------------------------------------------


def test_volume_and_minutes_per_year_match_pandas(planted, planted_frame):
    volume = get_repository().aggregate("trends/volume_per_year", f=Filters().as_param())
    expected = planted_frame.groupby("year").size()
    assert volume.set_index("year")["n_recipes"].to_dict() == expected.to_dict()

    minutes = get_repository().aggregate("trends/minutes_per_year", f=Filters().as_param()).set_index("year")
    kept = planted_frame[planted_frame["minutes"] <= 1440]
    grouped = kept.groupby("year")["minutes"]
    assert minutes["n_outliers"].sum() == 1
    assert minutes["n_recipes"].to_dict() == grouped.size().to_dict()
    np.testing.assert_allclose(minutes["mean"], grouped.mean())
    np.testing.assert_allclose(minutes["median"], grouped.median())
    np.testing.assert_allclose(minutes["q10"], grouped.quantile(0.10))
    np.testing.assert_allclose(minutes["q95"], grouped.quantile(0.95))


def test_complexity_and_nutrition_per_year_match_pandas(planted, planted_frame):
    f = Filters().as_param()
    complexity = get_repository().aggregate("trends/complexity_per_year", f=f).set_index("year")
    grouped = planted_frame.assign(complexity=planted_frame["n_steps"] + planted_frame["n_ingredients"]).groupby("year")
    np.testing.assert_allclose(complexity["steps_mean"], grouped["n_steps"].mean())
    np.testing.assert_allclose(complexity["complexity_std"], grouped["complexity"].std())
    nutrition = (
        get_repository()
        .aggregate("trends/nutrition_per_year", identifiers={"nutrient": "calories"}, f=f)
        .set_index("year")
    )
    np.testing.assert_allclose(nutrition["median"], planted_frame.groupby("year")["calories"].median())
    np.testing.assert_allclose(nutrition["q75"], planted_frame.groupby("year")["calories"].quantile(0.75))


def test_item_stats_match_pandas_and_respect_the_support(planted, planted_frame):
    items = trends.item_stats(View(), "tags")
    pairs = planted_frame[["year", "tags"]].explode("tags")
    expected = pairs.groupby(["tags", "year"]).size()
    counts = items.trend_counts
    assert set(counts["item"]) == {"easy", "rising-tag", "falling-tag", "steady"}  # 'rare' is under 50 recipes
    assert len(counts) == 4 * len(YEARS)  # zero-filled: every tested item has every year
    for row in counts.itertuples():
        assert row.n == expected.get((row.item, row.year), 0)
        assert row.n_recipes == (planted_frame["year"] == row.year).sum()

    totals = pairs.groupby("tags").size().rename("n").reset_index().sort_values(["n", "tags"], ascending=[False, True])
    assert list(items.top["item"]) == list(totals["tags"])  # fewer items than the top-N limit
    np.testing.assert_allclose(items.top["share"], totals["n"] / len(planted_frame))
    assert items.n_distinct == pairs["tags"].nunique() and items.n_recipes == len(planted_frame)

    per_year = trends.item_stats(View(), "ingredients").per_year.set_index("year")
    distinct = planted_frame[["year", "ingredients"]].explode("ingredients").groupby("year")["ingredients"].nunique()
    assert per_year["n_distinct"].to_dict() == distinct.to_dict()
    np.testing.assert_allclose(per_year["items_mean"], planted_frame.groupby("year")["n_ingredients"].mean())
    np.testing.assert_allclose(per_year["items_std"], planted_frame.groupby("year")["n_ingredients"].std())


# -- planted effects detected, flat data not -------------------------------------------------------


def test_planted_minutes_rise_is_detected_with_the_right_slope(planted, planted_frame):
    _frame, n_outliers, fitted = trends._minutes(View())
    kept = planted_frame[planted_frame["minutes"] <= 1440].groupby("year")["minutes"]
    expected = hac_trend(YEARS, kept.median(), kept.size())
    trend = fitted["median"]
    assert n_outliers == 1
    assert trend.slope == pytest.approx(expected.params[1])
    assert trend.slope == pytest.approx(independent_trend(YEARS, kept.median(), kept.size()).params[1])
    assert trend.ci_low < MINUTES_SLOPE < trend.ci_high
    assert trend.p_value == pytest.approx(expected.pvalues[1])  # Newey–West, not the plain WLS p-value
    assert trend.maxlags == 2
    assert trend.significant


def test_flat_complexity_is_not_significant(planted, planted_frame):
    _, fitted = trends._complexity(View())
    grouped = planted_frame.groupby("year")
    expected = hac_trend(YEARS, grouped["n_steps"].mean(), grouped.size())
    assert fitted["steps"].p_value == pytest.approx(expected.pvalues[1])
    assert not fitted["steps"].significant


def test_planted_riser_and_faller_top_the_ranking(planted, planted_frame):
    result = trends.item_stats(View(), "tags").trends()
    assert result.risers(1).index[0] == "rising-tag" == result.strongest("up")
    assert result.fallers(1).index[0] == "falling-tag" == result.strongest("down")
    row = result.table.loc["rising-tag"]
    # Planted: 10 % → 55 % over 2001–2010; the fitted ends are close and stay shares.
    assert row["first_share"] == pytest.approx(0.10, abs=0.04) and row["last_share"] == pytest.approx(0.55, abs=0.04)
    assert row["change"] == pytest.approx(row["last_share"] - row["first_share"])
    assert result.table.loc["falling-tag", "last_share"] == pytest.approx(0.15, abs=0.04)
    _, adjusted = stats.fdr(result.table["p_value"])
    assert row["q_value"] == pytest.approx(adjusted[list(result.table.index).index("rising-tag")])
    assert row["q_value"] < 0.05
    assert result.table.loc["easy", "p_value"] == 1.0  # in every recipe: no trend
    assert result.threshold == ui.MIN_ITEM_RECIPES


def test_flat_items_are_reported_not_significant(planted_dataset, use_dataset):
    recipes = [
        {"submitted": f"{year}-05-05", "tags": ["easy"] + (["wobbly"] if j < 30 + WOBBLE[k] else [])}
        for k, year in enumerate(YEARS)
        for j in range(60)
    ]
    use_dataset(planted_dataset(recipes, []))
    result = trends.item_stats(View(), "tags").trends()
    expected = logistic_fit(YEARS, [30 + w for w in WOBBLE], [60] * len(YEARS))
    assert result.table.loc["wobbly", "p_value"] == pytest.approx(expected.pvalues[1], rel=1e-6)
    assert (result.table["q_value"] >= 0.05).all()
    note = texts(trends.movers_note(View(), "tags"))
    assert "0 have a significant trend after FDR correction" in note
    assert "No tags trend is significant after correction" in note
    assert "not significant once corrected for the many items tested" in texts(trends.mover_lines_note(View(), "tags"))
    assert "Strongest" not in note  # no item is named when none passes the FDR correction


def test_only_a_significant_item_is_named(planted_dataset, use_dataset):
    """A tag fading from 40 to 13 of 60 recipes a year is named; the wobbling one is not, and the
    note says no tag rose significantly. Sentences give the fitted ends, their change and q."""
    recipes = [
        {
            "submitted": f"{year}-05-05",
            "tags": ["easy"] + (["wobbly"] if j < 30 + WOBBLE[k] else []) + (["fading"] if j < 40 - 3 * k else []),
        }
        for k, year in enumerate(YEARS)
        for j in range(60)
    ]
    use_dataset(planted_dataset(recipes, []))
    result = trends.item_stats(View(), "tags").trends()
    fading = result.trend("fading")
    assert result.strongest("down") == "fading" and result.strongest("up") is None
    note = texts(trends.movers_note(View(), "tags"))
    assert "No tags rose significantly after FDR correction (q < 0.05)." in note
    change = 100 * fading.change
    assert (
        f"Strongest faller: fading, fitted share {100 * fading.first_share:.1f}% in 2001 → "
        f"{100 * fading.last_share:.1f}% in 2010, −{abs(change):.1f}"
    ) in note
    assert fading.last_share == pytest.approx(13 / 60, abs=0.03) and change < 0
    lines = texts(trends.mover_lines_note(View(), "tags"))
    assert f"fading: fitted share {100 * fading.first_share:.1f}% in 2001 and" in lines
    assert "a significant fall" in lines and "a significant rise" not in lines
    figure = trends.mover_lines(View(), "tags")
    curve = next(trace for trace in figure.data if trace.name.startswith("fading logistic fit"))
    assert len(curve.x) > len(YEARS)  # a curve on a fine grid, not a line through the years
    assert min(curve.y) >= 0 and max(curve.y) <= 100
    assert "Aucun des tags n'est significativement en baisse" not in texts(
        trends.movers_note(View(language="fr"), "tags")
    )
    assert "Plus forte baisse : fading, part ajustée" in texts(trends.movers_note(View(language="fr"), "tags"))


# -- callbacks as functions ----------------------------------------------------------------------


def test_volume_chart_is_the_cross_filter_source(planted, planted_frame):
    focused = View(filters=Filters(focus=("year", "2005")))
    figure = trends.volume_per_year(focused)
    bar = figure.data[0]
    assert list(bar.x) == YEARS  # every year, the focus does not filter this chart
    assert list(bar.customdata) == YEARS
    assert list(bar.y) == list(planted_frame.groupby("year").size())
    primary = color("primary", focused.theme)
    assert [c == primary for c in bar.marker.color] == [year == 2005 for year in YEARS]
    light = trends.volume_per_year(View(filters=focused.filters, theme="light")).data[0]
    assert [c == color("primary", "light") for c in light.marker.color] == [year == 2005 for year in YEARS]
    assert figure.layout.dragmode == "select"  # dragging selects a range of years
    assert "Cross-filter on submission years 2005:" in texts(trends.volume_note(focused))


def _shaded(figure) -> list[tuple]:
    return [(shape.x0, shape.x1) for shape in figure.layout.shapes if shape.type == "rect"]


def test_a_year_range_focus_is_shaded_per_year_and_filters_the_ranking(planted, planted_frame):
    focused = View(filters=Filters(focus=("year", "2004-2006")))
    bar = trends.volume_per_year(focused).data[0]
    assert [c == color("primary", "dark") for c in bar.marker.color] == [2004 <= year <= 2006 for year in YEARS]
    # Per-year charts show every year, with the numbers of the unfocused view, and shade the focused ones.
    for chart in (trends.complexity_per_year, trends.minutes_per_year, trends.distinct_items):
        plain, shaded = chart(View()), chart(focused)
        assert list(shaded.data[0].x) == list(plain.data[0].x) and next(iter(shaded.data[0].x)) == YEARS[0]
        assert list(shaded.data[0].y) == list(plain.data[0].y)
        assert _shaded(shaded) == [(2003.5, 2006.5)] and _shaded(plain) == []
    assert texts(trends.movers_note(focused, "tags")) == texts(trends.movers_note(View(), "tags"))
    # Monthly and quarterly bars shade the same years as dates.
    assert _shaded(trends.volume_per_year(focused, "quarter")) == [("2004-01-01", "2007-01-01")]
    # The ranking of the most frequent items is of the focused years (pandas as the independent side).
    in_years = planted_frame[planted_frame["year"].between(2004, 2006)]
    counts = in_years["tags"].explode().value_counts()
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:5]
    top = trends.top_items(focused, "tags", True, 5).data[0]
    assert list(top.y) == [item for item, _ in expected]
    assert list(top.x) == pytest.approx([100 * n / len(in_years) for _, n in expected])
    assert "Cross-filter on submission years 2004–2006:" in texts(trends.volume_note(focused))


def test_volume_note_has_the_distribution_summary(planted, planted_frame):
    note = texts(trends.volume_note(View()))
    counts = planted_frame.groupby("year").size()
    assert f"{len(planted_frame):,} recipes over 10 years (2001–2010)" in note
    assert f"median {counts.median():,.0f}." in note and f"{counts.mean():,.0f} per year" in note
    top3 = counts.nlargest(3)
    assert f"Peak: {counts.idxmax()} with {counts.max()} recipes" in note
    assert f"({', '.join(map(str, top3.index))}) hold {100 * top3.sum() / counts.sum():.1f}%" in note


def test_minutes_chart_and_note_show_the_trend(planted):
    figure = trends.minutes_per_year(View(), "10-90")
    names = [trace.name for trace in figure.data]
    assert names[0] == "10–90 % of recipes"
    assert any(name.startswith("Median time trend: +") and "/yr" in name for name in names)
    assert figure.layout.annotations[0].text == "Recipes over 1440 min excluded: 1"
    _, _, fitted = trends._minutes(View())
    slope = fitted["median"].slope
    note = texts(trends.minutes_note(View()))
    assert f"Median time: +{slope:.2f} min per year" in note
    assert "a significant rise" in note
    french = texts(trends.minutes_note(View(language="fr")))
    assert f"Temps médian : +{fmt_number(slope, 'fr', 2)} min par an" in french


def test_complexity_note_says_not_significant(planted):
    note = texts(trends.complexity_note(View()))
    assert "Steps:" in note and "not significant, no reliable trend" in note
    figure = trends.complexity_per_year(View())
    assert figure.data[0].name == "Complexity score" and figure.data[0].error_y.array is not None


def test_nutrition_note_reads_the_heavy_tail(planted):
    figure = trends.nutrition_per_year(View(), "calories")
    assert list(figure.data[2].y) == [300.0] * len(YEARS)  # the median
    note = texts(trends.nutrition_note(View(), "calories"))
    assert "mean is 4.00× the median: a heavy right tail" in note  # (100+200+300+400+5000)/5 / 300
    assert "median: 0 kcal per year" in note and "not significant" in note


def test_movers_chart_and_notes(planted):
    figure = trends.movers(View(), "tags")
    risers, fallers = figure.data
    assert risers.y[0] == "rising-tag" and fallers.y[0] == "falling-tag"
    result = trends.item_stats(View(), "tags").trends()
    assert risers.x[0] == pytest.approx(100 * result.table.loc["rising-tag", "change"])  # pp, first to last year
    assert risers.x[0] == pytest.approx(45, abs=5)  # planted 10 % → 55 %
    assert "q < 0.001" in risers.text[0]
    assert figure.layout.xaxis.title.text == "Change of the fitted share, first to last year (pp)"
    note = texts(trends.movers_note(View(), "tags"))
    assert "4 tags tested over 10 years (support: at least 50 recipes each)" in note
    assert "2 have a significant trend after FDR correction (q < 0.05): 1 rising, 1 falling" in note
    assert "Strongest riser: rising-tag, fitted share" in note and "Strongest faller: falling-tag, fitted share" in note
    rising = result.trend("rising-tag")
    assert f"{100 * rising.last_share:.1f}% in 2010, +{100 * rising.change:.1f} pp" in note
    lines = trends.mover_lines(View(), "tags")
    assert [trace.name for trace in lines.data][::2] == ["rising-tag", "falling-tag"]
    lines_note = texts(trends.mover_lines_note(View(), "tags"))
    assert "rising-tag: fitted share" in lines_note and "a significant rise" in lines_note
    assert "falling-tag: fitted share" in lines_note and "a significant fall" in lines_note


def test_item_charts_switch_to_ingredients(planted):
    figure = trends.top_items(View(), "ingredients")
    assert list(figure.data[0].y[:2]) == ["flour", "salt"]  # both in every recipe: ties sort by name
    assert figure.data[0].x[0] == pytest.approx(100.0)
    note = texts(trends.movers_note(View(), "ingredients"))
    assert "ingredients tested" in note
    assert texts(trends.top_items_note(View(), "ingredients")).startswith("4 distinct ingredients")
    assert trends.item_kind_texts("ingredients", "fr")[:3] == (
        "Ingrédients les plus fréquents",
        "Ingrédients distincts par an",
        "Ingrédients : plus fortes hausses et baisses",
    )


def test_too_few_years_and_empty_states(planted):
    one_year = View(filters=Filters(sub_years=(2004, 2004)))
    assert "too few years for a trend (1; at least 3 needed)" in texts(trends.minutes_note(one_year))
    assert trends.movers(one_year, "tags").layout.annotations[0].text.startswith("Item trends need at least 3 years")
    nothing = View(filters=Filters(sub_years=(1990, 1991)))
    for chart in (
        trends.volume_per_year,
        trends.minutes_per_year,
        trends.complexity_per_year,
        trends.nutrition_per_year,
        trends.top_items,
        trends.distinct_items,
    ):
        assert chart(nothing).layout.annotations[0].text == "No data for the current filters."
    assert trends.movers(nothing, "tags").layout.annotations[0].text == (
        "None of the tags is frequent enough to test under the current filters."
    )


def test_small_years_are_flagged():
    sentence = trends.small_years_sentence([2001, 2002, 2003], [12, 400, 29], "en")
    assert sentence == "Fewer than 30 recipes, too small to read on their own: 2001 (12), 2003 (29)."
    assert trends.small_years_sentence([2001], [30], "en") is None


# -- analyst controls: structural tags, Top-N, period and rolling mean ---------------------------------


def structural_recipes() -> list[dict]:
    """Five years of 100 recipes: every recipe tagged 'preparation', 80 % 'course', 'soup' rising from
    10 % to 50 %, 'cake' in 40 %, and 35 rare tags 't00'…'t34' (recipe j has t(j mod 35))."""
    recipes = []
    for k, year in enumerate(range(2001, 2006)):
        for j in range(100):
            tags = ["preparation", f"t{j % 35:02d}"]
            if j < 80:
                tags.append("course")
            if j < 10 + 10 * k:
                tags.append("soup")
            if j % 5 < 2:
                tags.append("cake")
            recipes.append({"submitted": f"{year}-{1 + j % 12:02d}-{1 + j % 28:02d}", "tags": tags})
    return recipes


@pytest.fixture
def structural(planted_dataset, use_dataset):
    return use_dataset(planted_dataset(structural_recipes(), []))


def test_structural_tags_are_left_out_by_default_and_shown_with_the_switch(structural):
    default = trends.top_items(View(), "tags")
    assert list(default.data[0].y[:2]) == ["cake", "soup"]  # 200 and 150 of 500 recipes
    assert "preparation" not in default.data[0].y and "course" not in default.data[0].y
    assert default.data[0].x[0] == pytest.approx(40.0)
    shown = trends.top_items(View(), "tags", True)
    assert list(shown.data[0].y[:4]) == ["preparation", "course", "cake", "soup"]
    assert list(shown.data[0].x[:2]) == pytest.approx([100.0, 80.0])
    assert f"{len(STRUCTURAL_TAGS)} structural tags" in texts(trends.top_items_note(View(), "tags"))
    assert "structural" not in texts(trends.top_items_note(View(), "tags", True))
    # Tested items: 'course' and 'preparation' only with the switch; FDR over what is tested.
    assert set(trends.item_stats(View(), "tags").trends().table.index) == {"soup", "cake"}
    assert set(trends.item_stats(View(), "tags", True).trends().table.index) == {
        "soup",
        "cake",
        "course",
        "preparation",
    }
    assert "2 tags tested over 5 years" in texts(trends.movers_note(View(), "tags"))
    assert "4 tags tested over 5 years" in texts(trends.movers_note(View(), "tags", True))
    assert "structural" not in texts(trends.movers_note(View(), "ingredients"))
    # Anything but True keeps them out (the browser may send any JSON).
    assert list(trends.top_items(View(), "tags", "yes").data[0].y[:2]) == ["cake", "soup"]
    # The distinct count keeps every tag: it measures the vocabulary, not the ranking.
    assert trends.item_stats(View(), "tags").n_distinct == 35 + 4


def test_top_n_sets_the_number_of_bars(structural):
    for n in (10, 20, 30):
        assert len(trends.top_items(View(), "tags", False, n).data[0].y) == n
        note = texts(trends.top_items_note(View(), "tags", False, n))
        assert f"number {n} is in" in note
    assert len(trends.top_items(View(), "tags", False, 7).data[0].y) == ui.DEFAULT_TOP_N  # not offered: default
    # 35 t-tags (14 or 15 recipes each) follow cake and soup: with ties by name.
    assert list(trends.top_items(View(), "tags", False, 10).data[0].y[2:5]) == ["t00", "t01", "t02"]
    figure = trends.movers(View(), "tags", True, 10)
    assert sum(len(trace.y) for trace in figure.data) <= 10 and "soup" in figure.data[0].y


def test_volume_periods_sum_to_the_years_and_zero_fill(structural):
    frame = pd.DataFrame(structural_recipes())
    dates = pd.to_datetime(frame["submitted"])
    monthly = trends.volume_per_period(View(), "month")
    assert len(monthly) == 5 * 12  # 2001-01 … 2005-12, every month present
    expected = dates.groupby([dates.dt.year, dates.dt.month]).size()
    assert monthly["n_recipes"].tolist() == expected.tolist()
    quarterly = trends.volume_per_period(View(), "quarter")
    assert len(quarterly) == 20 and quarterly["start"].iloc[:2].tolist() == ["2001-01-01", "2001-04-01"]
    # j = 0..99, month 1 + j % 12: months 1-4 hold 9 recipes, months 5-12 hold 8, so Q1 = 27, Q2 = 25.
    assert quarterly["n_recipes"].iloc[:4].tolist() == [27, 25, 24, 24]
    yearly = trends.volume_per_period(View(), "year")
    assert yearly["n_recipes"].tolist() == [100] * 5
    assert quarterly.groupby("year")["n_recipes"].sum().tolist() == yearly["n_recipes"].tolist()
    assert monthly.groupby("year")["n_recipes"].sum().tolist() == yearly["n_recipes"].tolist()


def test_volume_gaps_are_zero_and_the_rolling_mean_trails(planted_dataset, use_dataset):
    recipes = [
        {"submitted": date}
        for date in ("2001-01-05", "2001-03-05", "2001-03-06", "2001-07-01", "2001-12-01", "2001-12-02", "2001-12-03")
    ]
    use_dataset(planted_dataset(recipes, []))
    monthly = trends.volume_per_period(View(), "month")
    assert monthly["n_recipes"].tolist() == [1, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 3]
    assert trends.volume_per_period(View(), "quarter")["n_recipes"].tolist() == [3, 0, 1, 3]
    figure = trends.volume_per_year(View(), "month", 3)
    bars, line = figure.data
    assert list(bars.x[:3]) == ["2001-01-01", "2001-02-01", "2001-03-01"] and figure.layout.xaxis.type == "date"
    expected = [np.nan, np.nan, 1.0, 2 / 3, 2 / 3, 0.0, 1 / 3, 1 / 3, 1 / 3, 0.0, 0.0, 1.0]
    np.testing.assert_allclose(np.asarray(line.y, float), expected)
    assert line.name == "Rolling mean, 3 months"
    assert list(bars.customdata) == [2001] * 12  # a click focuses the period's year
    assert trends.volume_per_year(View(), "month", 5).data[1:] == ()  # not an offered window: none
    assert trends.volume_per_year(View(language="fr"), "quarter", 3).data[1].name == "Moyenne mobile, 3 trimestres"


def test_default_volume_view_is_unchanged_and_the_note_names_the_base(planted, planted_frame):
    figure = trends.volume_per_year(View())
    assert list(figure.data[0].x) == YEARS and len(figure.data) == 1
    assert list(figure.data[0].y) == list(planted_frame.groupby("year").size())
    assert "yearly counts" not in texts(trends.volume_note(View()))
    assert "every trend test of the tab are on yearly counts" in texts(trends.volume_note(View(), "quarter"))
    rolling = trends.volume_per_year(View(), "year", 3).data[1]
    counts = planted_frame.groupby("year").size()
    np.testing.assert_allclose(np.asarray(rolling.y, float), counts.rolling(3).mean().to_numpy())


def test_new_controls_accept_any_json(structural):
    default_top, default_volume = trends.top_items(View()).to_json(), trends.volume_per_year(View()).to_json()
    for junk in (None, 1, 3.5, 10**30, "", "\x00", "quarter ", [], ["month"], {"a": 1}, False):
        assert trends.top_items(View(), "tags", junk, junk).to_json() == default_top
        assert trends.volume_per_year(View(), junk, junk).to_json() == default_volume
        trends.movers(View(), "tags", junk, junk)
        trends.movers_note(View(), "tags", junk, junk)
        trends.volume_note(View(), junk, junk)
