"""Recipes tab: ratings by preparation time / steps / ingredients, nutrition and a healthiness
score, tags and ingredients ranked by rating lift, and a recipe search with a detail card."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app.i18n import register, t
from app.theme import SPINNER_COLOR
from layouts.components import SPINNER_DELAY_MS, chart_card

# Charts.
RATING_BY_BUCKET = "recipes-rating-by-bucket"
NUTRITION_PROFILE = "recipes-nutrition-profile"
SCORE_DISTRIBUTION = "recipes-score-distribution"
RATING_BY_SCORE = "recipes-rating-by-score"
ITEM_LIFT = "recipes-item-lift"
DETAIL_RATINGS = "recipes-detail-ratings"
# Controls and generated texts.
BUCKET_DIMENSION = "recipes-bucket-dimension"
BUCKET_NOTE = "recipes-bucket-note"
NUTRITION_NOTE = "recipes-nutrition-note"
SCORE_NOTE = "recipes-score-note"
LIFT_KIND = "recipes-lift-kind"
LIFT_NOTE = "recipes-lift-note"
SEARCH_INPUT = "recipes-search"
SEARCH_RESULTS = "recipes-search-results"
SEARCH_RESULT_TYPE = "recipes-search-result"  # pattern-matching id type of one result
SELECTED_RECIPE = "recipes-selected"
DETAIL = "recipes-detail"
DETAIL_CARD = "recipes-detail-card"
DETAIL_NAME = "recipes-detail-name"
SCORE_FORMULA = "recipes-score-formula"

# Selector values: recipe attributes bucketed against ratings, item kinds ranked by lift.
BUCKET_DIMENSIONS = ("minutes", "n_steps", "n_ingredients")
LIFT_KINDS = ("tags", "ingredients")
# The tab's controls kept in the URL (parameter = component id) with their defaults, left out of the URL.
URL_CONTROLS = {BUCKET_DIMENSION: BUCKET_DIMENSIONS[0], LIFT_KIND: LIFT_KINDS[0]}
SEARCH_LIMIT = 20
SEARCH_MIN_CHARS = 2


def search_result_id(recipe_id: int) -> dict:
    return {"type": SEARCH_RESULT_TYPE, "recipe": int(recipe_id)}


register({
    "tab.recipes": {"en": "Recipes", "fr": "Recettes"},
    # Ratings by bucket.
    "recipes.section.buckets": {"en": "Ratings by preparation time, steps and ingredients",
                                "fr": "Notes selon le temps de préparation, les étapes et les ingrédients"},
    "recipes.dimension.minutes": {"en": "Preparation time", "fr": "Temps de préparation"},
    "recipes.dimension.n_steps": {"en": "Steps", "fr": "Étapes"},
    "recipes.dimension.n_ingredients": {"en": "Ingredients", "fr": "Ingrédients"},
    "recipes.axis.minutes": {"en": "Preparation time (minutes)", "fr": "Temps de préparation (minutes)"},
    "recipes.axis.n_steps": {"en": "Number of steps", "fr": "Nombre d'étapes"},
    "recipes.axis.n_ingredients": {"en": "Number of ingredients", "fr": "Nombre d'ingrédients"},
    "recipes.groups.minutes": {"en": "preparation-time buckets", "fr": "tranches de temps de préparation"},
    "recipes.groups.n_steps": {"en": "step-count buckets", "fr": "tranches de nombre d'étapes"},
    "recipes.groups.n_ingredients": {"en": "ingredient-count buckets", "fr": "tranches de nombre d'ingrédients"},
    "recipes.bucket_chart": {"en": "Mean rating (1–5) by bucket, 95 % CI", "fr": "Note moyenne (1–5) par tranche, IC 95 %"},
    "recipes.axis.mean_rating": {"en": "Mean rating (1–5)", "fr": "Note moyenne (1–5)"},
    "recipes.axis.ratings": {"en": "Ratings", "fr": "Notes"},
    "recipes.legend.mean": {"en": "Mean rating (95 % CI)", "fr": "Note moyenne (IC 95 %)"},
    "recipes.legend.n": {"en": "Ratings (n)", "fr": "Notes (n)"},
    "recipes.point_text": {"en": "n = {n}; 95 % CI {low}–{high}", "fr": "n = {n} ; IC 95 % {low}–{high}"},
    "recipes.bucket_note": {
        "en": "Across {groups}, the mean rating goes from {low_mean} ({low_label}) to {high_mean} ({high_label}), over {n} ratings.",
        "fr": "Selon les {groups}, la note moyenne va de {low_mean} ({low_label}) à {high_mean} ({high_label}), sur {n} notes."},
    "recipes.outlier_note": {
        "en": "Recipes over {threshold} minutes (outliers) are left out.",
        "fr": "Les recettes de plus de {threshold} minutes (valeurs aberrantes) sont exclues."},
    "recipes.test": {
        "en": "Chi-square test of rating × {groups}: χ² = {statistic}, {p}, Cramér's V = {effect}.",
        "fr": "Test du khi-deux note × {groups} : χ² = {statistic}, {p}, V de Cramér = {effect}."},
    "recipes.verdict.significant": {
        "en": "The ratings differ significantly between {groups}; the effect is {strength}.",
        "fr": "Les notes diffèrent significativement entre {groups} ; l'effet est {strength}."},
    "recipes.verdict.not_significant": {
        "en": "No significant difference between {groups}: too small to conclude.",
        "fr": "Pas de différence significative entre {groups} : trop peu pour conclure."},
    "recipes.verdict.untestable": {
        "en": "Fewer than two groups have {min} ratings or more: too small to conclude.",
        "fr": "Moins de deux groupes ont au moins {min} notes : trop peu pour conclure."},
    "recipes.small_groups": {
        "en": "Too small to conclude for {labels} (under {min} ratings), left out of the test.",
        "fr": "Trop peu pour conclure pour {labels} (moins de {min} notes), exclus du test."},
    "recipes.strength.negligible": {"en": "negligible", "fr": "négligeable"},
    "recipes.strength.small": {"en": "small", "fr": "faible"},
    "recipes.strength.medium": {"en": "moderate", "fr": "modéré"},
    "recipes.strength.large": {"en": "large", "fr": "fort"},
    # Nutrition and healthiness score.
    "recipes.section.nutrition": {"en": "Nutrition and healthiness", "fr": "Nutrition et équilibre"},
    "recipes.nutrition_chart": {"en": "Nutrition per serving: median, IQR, whiskers 5–95 %",
                                "fr": "Nutrition par portion : médiane, IQR, moustaches 5–95 %"},
    "recipes.nutrient.calories": {"en": "Calories", "fr": "Calories"},
    "recipes.nutrient.total_fat_pdv": {"en": "Total fat", "fr": "Lipides"},
    "recipes.nutrient.sugar_pdv": {"en": "Sugar", "fr": "Sucres"},
    "recipes.nutrient.sodium_pdv": {"en": "Sodium", "fr": "Sodium"},
    "recipes.nutrient.protein_pdv": {"en": "Protein", "fr": "Protéines"},
    "recipes.nutrient.sat_fat_pdv": {"en": "Saturated fat", "fr": "Graisses saturées"},
    "recipes.nutrient.carbs_pdv": {"en": "Carbohydrates", "fr": "Glucides"},
    "recipes.axis.kcal": {"en": "kcal per serving", "fr": "kcal par portion"},
    "recipes.axis.pdv": {"en": "% daily value per serving", "fr": "% des apports journaliers par portion"},
    "recipes.nutrition_note": {
        "en": "Over {n} recipes, the median serving has {calories} kcal (IQR {calories_q1}–{calories_q3}). Highest median: {top} at {top_value} of the daily value; lowest: {bottom} at {bottom_value}. Values are per serving, in % of the daily value of a 2,000 kcal diet; whiskers span the 5th to 95th percentiles.",
        "fr": "Sur {n} recettes, la portion médiane apporte {calories} kcal (IQR {calories_q1}–{calories_q3}). Médiane la plus haute : {top} à {top_value} des apports journaliers ; la plus basse : {bottom} à {bottom_value}. Valeurs par portion, en % des apports journaliers d'un régime de 2 000 kcal ; les moustaches vont du 5e au 95e centile."},
    "recipes.score.title": {"en": "Healthiness score (an approximation)", "fr": "Score d'équilibre (une approximation)"},
    "recipes.score.formula": {"en": "score = 25 × (3 − S − F − N + P)", "fr": "score = 25 × (3 − S − F − N + P)"},
    "recipes.score.explain": {
        "en": "S, F, N and P are the sugar, saturated fat, sodium and protein %DV of one serving, each capped at 100 % and divided by 100. The score runs from 0 (sugar, saturated fat and sodium at 100 %DV or more, no protein) to 100 (none of them, protein at 100 %DV or more); a serving with none of the four scores 75.",
        "fr": "S, F, N et P sont les %AJ (apports journaliers) en sucres, graisses saturées, sodium et protéines d'une portion, plafonnés à 100 % et divisés par 100. Le score va de 0 (sucres, graisses saturées et sodium à 100 %AJ ou plus, aucune protéine) à 100 (aucun des trois, protéines à 100 %AJ ou plus) ; une portion sans aucun des quatre vaut 75."},
    "recipes.score.caveat": {
        "en": "An approximation for comparing recipes, not dietary advice: Food.com nutrition is per serving (serving sizes vary) and %DV refer to a 2,000 kcal diet; fibre, vitamins and portion size are ignored.",
        "fr": "Une approximation pour comparer les recettes, pas un conseil diététique : la nutrition Food.com est par portion (taille variable) et les %AJ se réfèrent à un régime de 2 000 kcal ; fibres, vitamines et taille des portions sont ignorées."},
    "recipes.score_distribution": {"en": "Recipes by healthiness score", "fr": "Recettes par score d'équilibre"},
    "recipes.score_rating": {"en": "Mean rating by healthiness band, 95 % CI", "fr": "Note moyenne par tranche de score, IC 95 %"},
    "recipes.axis.score": {"en": "Healthiness score (0–100)", "fr": "Score d'équilibre (0–100)"},
    "recipes.axis.recipes": {"en": "Recipes", "fr": "Recettes"},
    "recipes.groups.score": {"en": "healthiness bands", "fr": "tranches de score"},
    "recipes.score_note": {
        "en": "Median score {median} (IQR {q1}–{q3}) over {n} recipes.",
        "fr": "Score médian {median} (IQR {q1}–{q3}) sur {n} recettes."},
    "recipes.score_difference": {
        "en": "Healthiest band {high_label}: mean rating {high_mean}; least healthy {low_label}: {low_mean}; difference {difference} stars (95 % CI {low} to {high}).",
        "fr": "Tranche la plus équilibrée {high_label} : note moyenne {high_mean} ; la moins équilibrée {low_label} : {low_mean} ; écart {difference} (IC 95 % {low} à {high})."},
    # Rating lift of tags and ingredients.
    "recipes.section.lift": {"en": "Tags and ingredients ranked by rating lift",
                             "fr": "Tags et ingrédients classés par écart de note"},
    "recipes.kind.tags": {"en": "Tags", "fr": "Tags"},
    "recipes.kind.ingredients": {"en": "Ingredients", "fr": "Ingrédients"},
    "recipes.kind_plural.tags": {"en": "tags", "fr": "tags"},
    "recipes.kind_plural.ingredients": {"en": "ingredients", "fr": "ingrédients"},
    "recipes.lift_chart": {"en": "Rating lift: mean rating with the item minus the overall mean, 95 % CI",
                           "fr": "Écart de note : note moyenne avec l'élément moins la moyenne globale, IC 95 %"},
    "recipes.axis.lift": {"en": "Rating lift (stars)", "fr": "Écart de note (étoiles)"},
    "recipes.legend.significant": {"en": "Significant (FDR 5 %)", "fr": "Significatif (FDR 5 %)"},
    "recipes.legend.not_significant": {"en": "Not significant", "fr": "Non significatif"},
    "recipes.lift_text": {"en": "n = {n} ratings, {recipes} recipes; mean {mean}; {q}",
                          "fr": "n = {n} notes, {recipes} recettes ; moyenne {mean} ; {q}"},
    "recipes.lift_note": {
        "en": "{n_items} {kind} reach at least {min_support} ratings (overall mean {overall} over {total} ratings). Significant after Benjamini–Hochberg correction: {n_significant} ({n_positive} above the other ratings, {n_negative} below).",
        "fr": "{n_items} {kind} atteignent au moins {min_support} notes (moyenne globale {overall} sur {total} notes). Significatifs après correction de Benjamini–Hochberg : {n_significant} ({n_positive} au-dessus des autres notes, {n_negative} en dessous)."},
    "recipes.lift_extreme": {
        "en": "{direction}: {item}, {lift} stars (95 % CI {low} to {high}, n = {n}{verdict}).",
        "fr": "{direction} : {item}, {lift} (IC 95 % {low} à {high}, n = {n}{verdict})."},
    "recipes.lift_highest": {"en": "Highest lift", "fr": "Plus fort écart"},
    "recipes.lift_lowest": {"en": "Lowest lift", "fr": "Plus faible écart"},
    "recipes.lift_not_significant": {"en": ", not significant", "fr": ", non significatif"},
    "recipes.lift_none": {
        "en": "No {kind} reaches {min_support} ratings under the current filters: too small to conclude.",
        "fr": "Aucun élément ({kind}) n'atteint {min_support} notes avec les filtres actuels : trop peu pour conclure."},
    "recipes.lift_no_significant": {
        "en": "None differs significantly after correction: too small to conclude.",
        "fr": "Aucun ne diffère significativement après correction : trop peu pour conclure."},
    "recipes.lift_method": {
        "en": "Method: Welch t-test of the item's ratings against all other ratings, Benjamini–Hochberg false discovery rate at 5 % over every item with at least {min_support} ratings. Ratings of one recipe are not independent, so small lifts deserve caution.",
        "fr": "Méthode : test t de Welch des notes de l'élément contre toutes les autres notes, taux de fausses découvertes de Benjamini–Hochberg à 5 % sur tous les éléments d'au moins {min_support} notes. Les notes d'une même recette ne sont pas indépendantes : prudence sur les petits écarts."},
    # Search and detail card.
    "recipes.section.search": {"en": "Find a recipe", "fr": "Trouver une recette"},
    "recipes.search_placeholder": {"en": "Recipe name or ingredient, e.g. chocolate or garlic",
                                   "fr": "Nom de recette ou ingrédient, ex. chocolate ou garlic"},
    "recipes.search_hint": {
        "en": "Names containing the text, or recipes with exactly that ingredient (names are in English); the {limit} most reviewed first, within the current filters.",
        "fr": "Noms contenant le texte, ou recettes ayant exactement cet ingrédient (noms en anglais) ; les {limit} plus commentées d'abord, dans les filtres actuels."},
    "recipes.search_short": {"en": "Type at least {min} characters.", "fr": "Tapez au moins {min} caractères."},
    "recipes.search_none": {"en": "No recipe matches “{text}” under the current filters.",
                            "fr": "Aucune recette ne correspond à « {text} » avec les filtres actuels."},
    "recipes.result_meta": {"en": "{n} reviews · {rating} ★ · {minutes} min", "fr": "{n} avis · {rating} ★ · {minutes} min"},
    "recipes.result_ingredient": {"en": "ingredient match", "fr": "par ingrédient"},
    "recipes.detail_empty": {"en": "Select a recipe in the results to see its card.",
                             "fr": "Sélectionnez une recette dans les résultats pour voir sa fiche."},
    "recipes.detail_missing": {"en": "This recipe is outside the current filters.",
                               "fr": "Cette recette est hors des filtres actuels."},
    "recipes.detail.minutes": {"en": "Preparation", "fr": "Préparation"},
    "recipes.detail.minutes_value": {"en": "{minutes} min", "fr": "{minutes} min"},
    "recipes.detail.contributor": {"en": "Contributor", "fr": "Contributeur"},
    "recipes.detail.submitted": {"en": "Submitted", "fr": "Publiée le"},
    "recipes.detail.rating": {"en": "Rating (all reviews)", "fr": "Note (tous les avis)"},
    "recipes.detail.rating_value": {"en": "{mean} ★ over {n} ratings", "fr": "{mean} ★ sur {n} notes"},
    "recipes.detail.no_rating": {"en": "no rating yet", "fr": "pas encore notée"},
    "recipes.detail.tags": {"en": "Tags", "fr": "Tags"},
    "recipes.detail.ingredients": {"en": "Ingredients", "fr": "Ingrédients"},
    "recipes.detail.steps": {"en": "Steps", "fr": "Étapes"},
    "recipes.detail.description": {"en": "Description", "fr": "Description"},
    "recipes.detail.nutrition": {"en": "Nutrition per serving", "fr": "Nutrition par portion"},
    "recipes.detail.reviews": {"en": "Most recent reviews", "fr": "Avis les plus récents"},
    "recipes.detail.no_reviews": {"en": "No review under the current filters.",
                                  "fr": "Aucun avis avec les filtres actuels."},
    "recipes.detail.no_stars": {"en": "no stars", "fr": "sans étoiles"},
    "recipes.detail_ratings": {"en": "Ratings of the selected recipe", "fr": "Notes de la recette sélectionnée"},
    "recipes.axis.rating": {"en": "Rating (0 = no stars)", "fr": "Note (0 = sans étoiles)"},
    "recipes.axis.reviews": {"en": "Reviews", "fr": "Avis"},
})


def _section_header(title: str, control=None) -> html.Div:
    """A section title with the section's selector, if any, on the right."""
    return html.Div([html.H5(title, className="mb-0 me-3"), control],
                    className="d-flex flex-wrap align-items-center justify-content-between mt-2 mb-2 gap-2")


def _selector(component_id: str, values: tuple[str, ...], key_prefix: str, language: str) -> dbc.RadioItems:
    """A button-group selector (its choice is kept in the URL: URL_CONTROLS)."""
    return dbc.RadioItems(
        id=component_id, options=[{"label": t(f"{key_prefix}.{v}", language), "value": v} for v in values],
        value=values[0], inline=True, className="btn-group", inputClassName="btn-check",
        labelClassName="btn btn-outline-primary btn-sm", labelCheckedClassName="active",
    )


def _score_card(language: str) -> dbc.Card:
    return dbc.Card([
        dbc.CardHeader(t("recipes.score.title", language)),
        dbc.CardBody([
            html.Pre(t("recipes.score.formula", language), className="fs-5 mb-2", id=SCORE_FORMULA),
            html.P(t("recipes.score.explain", language)),
            html.P(t("recipes.score.caveat", language), className="interpretation mx-0"),
        ]),
    ], className="chart-card mb-3 h-100")


def _search_panel(language: str) -> html.Div:
    return html.Div([
        dbc.Input(id=SEARCH_INPUT, type="search", debounce=300, autocomplete="off",
                  placeholder=t("recipes.search_placeholder", language), persistence=True,
                  persistence_type="session"),
        html.Div(t("recipes.search_hint", language, limit=SEARCH_LIMIT), className="interpretation mx-0"),
        dcc.Loading(html.Div(id=SEARCH_RESULTS), delay_show=SPINNER_DELAY_MS, color=SPINNER_COLOR),
    ])


def layout(language: str) -> html.Div:
    return html.Div([
        # Kept in the browser session so a language switch (which re-renders the tab) keeps the card.
        dcc.Store(id=SELECTED_RECIPE, storage_type="session"),
        _section_header(t("recipes.section.buckets", language),
                        _selector(BUCKET_DIMENSION, BUCKET_DIMENSIONS, "recipes.dimension", language)),
        chart_card(RATING_BY_BUCKET, t("recipes.bucket_chart", language), language,
                   note=html.Span(id=BUCKET_NOTE)),
        _section_header(t("recipes.section.nutrition", language)),
        dbc.Row([
            dbc.Col(chart_card(NUTRITION_PROFILE, t("recipes.nutrition_chart", language), language,
                               note=html.Span(id=NUTRITION_NOTE)), lg=7),
            dbc.Col(_score_card(language), lg=5, className="mb-3"),
        ]),
        dbc.Row([
            dbc.Col(chart_card(SCORE_DISTRIBUTION, t("recipes.score_distribution", language), language, height=320),
                    lg=6),
            dbc.Col(chart_card(RATING_BY_SCORE, t("recipes.score_rating", language), language, height=320), lg=6),
        ]),
        html.Div(id=SCORE_NOTE, className="interpretation mt-0"),
        _section_header(t("recipes.section.lift", language),
                        _selector(LIFT_KIND, LIFT_KINDS, "recipes.kind", language)),
        chart_card(ITEM_LIFT, t("recipes.lift_chart", language), language, height=600,
                   note=html.Span(id=LIFT_NOTE)),
        _section_header(t("recipes.section.search", language)),
        dbc.Row([
            dbc.Col(_search_panel(language), lg=4, className="mb-3"),
            dbc.Col([
                dcc.Loading(html.Div(id=DETAIL, className="mb-3"), delay_show=SPINNER_DELAY_MS, color=SPINNER_COLOR),
                chart_card(DETAIL_RATINGS, t("recipes.detail_ratings", language), language, height=240),
            ], lg=8),
        ]),
    ])
