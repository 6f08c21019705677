"""Users & contributors tab layout: activity, segments, cohorts, top users, contributors' ratings, overlap."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from app.analysis.users import CONTRIBUTOR_BUCKET_STARTS as CONTRIBUTOR_BUCKET_STARTS
from app.analysis.users import REVIEWER_SEGMENT_STARTS as REVIEWER_SEGMENT_STARTS
from app.i18n import register, t
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

register({
    "tab.users": {"en": "Users & contributors", "fr": "Utilisateurs et contributeurs"},
    "users.activity": {"en": "Activity distribution (log-log)", "fr": "Distribution de l'activité (log-log)"},
    "users.segments": {"en": "Reviewer segments: share of users and of reviews",
                       "fr": "Segments d'auteurs d'avis : part des utilisateurs et des avis"},
    "users.segment_ratings": {"en": "Rating behaviour by segment", "fr": "Comportement de notation par segment"},
    "users.cohorts": {"en": "Retention by cohort (first review year)",
                      "fr": "Rétention par cohorte (année du premier avis)"},
    "users.top_reviewers": {"en": "Top {n} reviewers", "fr": "Top {n} des auteurs d'avis"},
    "users.top_contributors": {"en": "Top {n} contributors", "fr": "Top {n} des contributeurs"},
    "users.contributor_ratings": {"en": "Mean rating received by contributor size",
                                  "fr": "Note moyenne reçue selon la taille du contributeur"},
    "users.overlap": {"en": "Contributors who review, reviewers who contribute",
                      "fr": "Contributeurs qui notent, auteurs d'avis qui publient"},
    "users.segment.one_time": {"en": "One-time", "fr": "Ponctuels"},
    "users.segment.occasional": {"en": "Occasional", "fr": "Occasionnels"},
    "users.segment.regular": {"en": "Regular", "fr": "Réguliers"},
    "users.segment.power": {"en": "Power users", "fr": "Très actifs"},
    "users.range.single": {"en": "{low}", "fr": "{low}"},
    "users.range.between": {"en": "{low}–{high}", "fr": "{low}–{high}"},
    "users.range.above": {"en": "> {low}", "fr": "> {low}"},
    "users.segment_definition": {
        "en": "Segments by number of reviews in the current filters: {segments}. Contributor sizes by number of recipes: {buckets}.",
        "fr": "Segments selon le nombre d'avis dans les filtres actuels : {segments}. Tailles de contributeurs selon le nombre de recettes : {buckets}."},
    "users.segment_with_range": {"en": "{segment} ({range})", "fr": "{segment} ({range})"},
    "users.bucket_with_range": {"en": "{range} recipes", "fr": "{range} recettes"},
    "users.bucket_single_recipe": {"en": "{range} recipe", "fr": "{range} recette"},
    "users.axis.activity": {"en": "Reviews per user / recipes per contributor (k)",
                            "fr": "Avis par utilisateur / recettes par contributeur (k)"},
    "users.axis.people": {"en": "Users with k", "fr": "Utilisateurs ayant k"},
    "users.trace.reviewers": {"en": "Reviewers (reviews)", "fr": "Auteurs d'avis (avis)"},
    "users.trace.contributors": {"en": "Contributors (recipes)", "fr": "Contributeurs (recettes)"},
    "users.hover.activity": {"en": "k = %{x}<br>%{y:,} people", "fr": "k = %{x}<br>%{y:,} personnes"},
    "users.axis.segment": {"en": "Segment", "fr": "Segment"},
    "users.axis.share": {"en": "Share", "fr": "Part"},
    "users.trace.share_users": {"en": "Share of users", "fr": "Part des utilisateurs"},
    "users.trace.share_reviews": {"en": "Share of reviews", "fr": "Part des avis"},
    "users.axis.mean_rating": {"en": "Mean rating (1–5) ± 95% CI", "fr": "Note moyenne (1–5) ± IC 95 %"},
    "users.trace.mean_rating": {"en": "Mean rating", "fr": "Note moyenne"},
    "users.trace.zero_share": {"en": "0 stars", "fr": "0 étoile"},
    "users.trace.five_share": {"en": "5 stars", "fr": "5 étoiles"},
    "users.subplot.mean": {"en": "Mean rating ± 95% CI", "fr": "Note moyenne ± IC 95 %"},
    "users.subplot.extremes": {"en": "Share of 0-star and 5-star reviews", "fr": "Part des avis à 0 et 5 étoiles"},
    "users.axis.cohort": {"en": "Cohort (first review year)", "fr": "Cohorte (année du premier avis)"},
    "users.axis.year": {"en": "Active year", "fr": "Année d'activité"},
    "users.cohort_tick": {"en": "{cohort} (n={size})", "fr": "{cohort} (n={size})"},
    "users.colorbar.retention": {"en": "% active", "fr": "% actifs"},
    "users.hover.cohort": {"en": "Cohort %{y}<br>Year %{x}<br>%{z:.1f}% active",
                           "fr": "Cohorte %{y}<br>Année %{x}<br>%{z:.1f} % actifs"},
    "users.axis.reviews": {"en": "Reviews written", "fr": "Avis écrits"},
    "users.axis.recipes": {"en": "Recipes posted", "fr": "Recettes publiées"},
    "users.user_label": {"en": "user {id}", "fr": "utilisateur {id}"},
    "users.mean_given": {"en": "mean given {value}", "fr": "moyenne donnée {value}"},
    "users.mean_received": {"en": "mean received {value}", "fr": "moyenne reçue {value}"},
    "users.axis.bucket": {"en": "Contributor size", "fr": "Taille du contributeur"},
    "users.axis.contributor_mean": {"en": "Contributor's mean rating received", "fr": "Note moyenne reçue par contributeur"},
    "users.trace.distribution": {"en": "Distribution (quartiles)", "fr": "Distribution (quartiles)"},
    "users.trace.mean_ci": {"en": "Mean ± 95% CI", "fr": "Moyenne ± IC 95 %"},
    "users.overall_mean": {"en": "Mean of all ratings {value}", "fr": "Moyenne de toutes les notes {value}"},
    "users.overall_contributor_mean": {"en": "Mean over rated contributors {value}",
                                       "fr": "Moyenne des contributeurs notés {value}"},
    "users.overlap.contributors": {"en": "Contributors", "fr": "Contributeurs"},
    "users.overlap.reviewers": {"en": "Reviewers", "fr": "Auteurs d'avis"},
    "users.overlap.both": {"en": "Contribute and review", "fr": "Publient et notent"},
    "users.overlap.contributors_only": {"en": "Only contribute", "fr": "Publient seulement"},
    "users.overlap.reviewers_only": {"en": "Only review", "fr": "Notent seulement"},
    "users.overlap.by_contributors": {"en": "Reviews by contributors", "fr": "Avis de contributeurs"},
    "users.overlap.by_others": {"en": "Reviews by non-contributors", "fr": "Avis de non-contributeurs"},
    "users.subplot.people": {"en": "People", "fr": "Personnes"},
    "users.subplot.rating_shares": {"en": "Rating distribution of their reviews", "fr": "Distribution des notes de leurs avis"},
    "users.axis.rating": {"en": "Rating (0 = no stars)", "fr": "Note (0 = sans étoiles)"},
    "users.axis.people_count": {"en": "People", "fr": "Personnes"},
    "users.note.activity": {
        "en": "Heavy tail: {one_share} of the {users} reviewers wrote a single review, while the top 1% ({top_users} users) wrote {top_share} of the {reviews} reviews (the most active: {max_reviews}).",
        "fr": "Longue traîne : {one_share} des {users} auteurs d'avis n'en ont écrit qu'un seul, tandis que le top 1 % ({top_users} utilisateurs) a écrit {top_share} des {reviews} avis (le plus actif : {max_reviews})."},
    "users.note.activity_contributors": {
        "en": " Contributors: {one_share} of {contributors} posted one recipe; the top 1% posted {top_share} of the {recipes} recipes.",
        "fr": " Contributeurs : {one_share} des {contributors} n'ont publié qu'une recette ; le top 1 % a publié {top_share} des {recipes} recettes."},
    "users.note.segments": {
        "en": "{top_segment}: {top_users_share} of reviewers but {top_reviews_share} of the reviews. {low_segment}: {low_users_share} of reviewers, {low_reviews_share} of the reviews.",
        "fr": "{top_segment} : {top_users_share} des auteurs d'avis mais {top_reviews_share} des avis. {low_segment} : {low_users_share} des auteurs, {low_reviews_share} des avis."},
    "users.note.segment_test": {
        "en": "Rating × segment: χ² = {chi2}, {p}, Cramér's V = {v} ({strength} association). Mean rating from {low_mean} ({low_segment}) to {high_mean} ({high_segment}).",
        "fr": "Note × segment : χ² = {chi2}, {p}, V de Cramér = {v} (association {strength}). Note moyenne de {low_mean} ({low_segment}) à {high_mean} ({high_segment})."},
    "users.note.segment_no_difference": {
        "en": "No significant difference in ratings between segments (χ² = {chi2}, {p}, Cramér's V = {v}).",
        "fr": "Pas de différence significative de notes entre segments (χ² = {chi2}, {p}, V de Cramér = {v})."},
    "users.note.small_groups": {
        "en": " Too few users to conclude for: {groups} (< {minimum}).",
        "fr": " Trop peu d'utilisateurs pour conclure : {groups} (< {minimum})."},
    "users.note.small_contributor_groups": {
        "en": " Too few rated contributors to conclude for: {groups} (< {minimum}).",
        "fr": " Trop peu de contributeurs notés pour conclure : {groups} (< {minimum})."},
    "users.note.clustered": {
        "en": " Reviews by one user are not independent, so read the effect size rather than the p-value.",
        "fr": " Les avis d'un même utilisateur ne sont pas indépendants : lisez la taille d'effet plutôt que la p-valeur."},
    "users.note.not_enough_groups": {
        "en": "Fewer than two segments hold reviews: no comparison possible.",
        "fr": "Moins de deux segments ont des avis : aucune comparaison possible."},
    "users.strength.negligible": {"en": "negligible", "fr": "négligeable"},
    "users.strength.small": {"en": "small", "fr": "faible"},
    "users.strength.medium": {"en": "medium", "fr": "moyenne"},
    "users.strength.large": {"en": "large", "fr": "forte"},
    "users.note.cohorts": {
        "en": "Year-1 retention: on average {mean} of a cohort review again the year after their first review (weighted by cohort size, {cohorts} cohorts), from {low} ({low_cohort}) to {high} ({high_cohort}).",
        "fr": "Rétention à 1 an : en moyenne {mean} d'une cohorte notent à nouveau l'année suivant leur premier avis (pondéré par la taille, {cohorts} cohortes), de {low} ({low_cohort}) à {high} ({high_cohort})."},
    "users.note.cohort_rise": {
        "en": " Year-1 retention rises significantly over cohorts: fitted {first} ({first_cohort}) to {last} ({last_cohort}), {change} points (95% CI {ci_low} to {ci_high}, {p}; logistic regression weighted by cohort size).",
        "fr": " La rétention à 1 an augmente significativement d'une cohorte à l'autre : ajustée {first} ({first_cohort}) à {last} ({last_cohort}), {change} points (IC 95 % {ci_low} à {ci_high}, {p} ; régression logistique pondérée par la taille)."},
    "users.note.cohort_fall": {
        "en": " Year-1 retention falls significantly over cohorts: fitted {first} ({first_cohort}) to {last} ({last_cohort}), {change} points (95% CI {ci_low} to {ci_high}, {p}; logistic regression weighted by cohort size).",
        "fr": " La rétention à 1 an baisse significativement d'une cohorte à l'autre : ajustée {first} ({first_cohort}) à {last} ({last_cohort}), {change} points (IC 95 % {ci_low} à {ci_high}, {p} ; régression logistique pondérée par la taille)."},
    "users.note.cohort_no_trend": {
        "en": " No significant trend over cohorts (fitted {first} in {first_cohort}, {last} in {last_cohort}, {p}).",
        "fr": " Pas de tendance significative entre cohortes (ajustée {first} en {first_cohort}, {last} en {last_cohort}, {p})."},
    "users.note.cohort_too_few": {
        "en": "Too few cohorts with at least {minimum} users and a following year in the data to measure year-1 retention.",
        "fr": "Trop peu de cohortes d'au moins {minimum} utilisateurs suivies d'une année dans les données pour mesurer la rétention à 1 an."},
    "users.note.cohort_scope": {
        "en": " Cohorts start at the first review within the current filters. Click a year column to cross-filter on reviews written that year: the other charts show only them.",
        "fr": " Les cohortes commencent au premier avis dans les filtres actuels. Cliquez sur une colonne d'année pour filtrer sur les avis écrits cette année-là : les autres graphiques ne montrent qu'eux."},
    "users.note.contributor_ratings": {
        "en": "Mean rating received: {bucket_means}. Kruskal–Wallis across sizes: {p}, ε² = {epsilon} ({epsilon_strength}); Spearman ρ (recipes vs mean rating, over contributors) = {rho} ({rho_p}, {rho_strength}); p-values adjusted for the three tests (Benjamini–Hochberg).",
        "fr": "Note moyenne reçue : {bucket_means}. Kruskal–Wallis entre tailles : {p}, ε² = {epsilon} ({epsilon_strength}) ; ρ de Spearman (recettes vs note moyenne, sur les contributeurs) = {rho} ({rho_p}, {rho_strength}) ; p-valeurs ajustées pour les trois tests (Benjamini–Hochberg)."},
    "users.note.prolific_better": {
        "en": " Contributors with {large} get significantly higher ratings than those with {small} ({large_mean} vs {small_mean}, Welch t {p}, Cohen's d = {d}, {strength}).",
        "fr": " Les contributeurs à {large} reçoivent des notes significativement plus hautes que ceux à {small} ({large_mean} contre {small_mean}, t de Welch {p}, d de Cohen = {d}, {strength})."},
    "users.note.prolific_worse": {
        "en": " Contributors with {large} get significantly lower ratings than those with {small} ({large_mean} vs {small_mean}, Welch t {p}, Cohen's d = {d}, {strength}).",
        "fr": " Les contributeurs à {large} reçoivent des notes significativement plus basses que ceux à {small} ({large_mean} contre {small_mean}, t de Welch {p}, d de Cohen = {d}, {strength})."},
    "users.note.prolific_none": {
        "en": " No significant difference between contributors with {large} and with {small} ({large_mean} vs {small_mean}, Welch t {p}).",
        "fr": " Pas de différence significative entre les contributeurs à {large} et à {small} ({large_mean} contre {small_mean}, t de Welch {p})."},
    "users.note.prolific_rho_disagrees": {
        "en": " Spearman's ρ points the other way: it ranks contributors one by one, and those with a single recipe and few ratings hold both extremes of the scale.",
        "fr": " Le ρ de Spearman va en sens inverse : il classe les contributeurs un par un, et ceux qui n'ont qu'une recette et peu de notes occupent les deux extrémités de l'échelle."},
    "users.note.contributors_too_few": {
        "en": "Too few rated contributors to compare sizes (fewer than two buckets with ratings).",
        "fr": "Trop peu de contributeurs notés pour comparer les tailles (moins de deux groupes notés)."},
    "users.note.overlap": {
        "en": "{both} people both contribute and review: {contributors_share} of the {contributors} contributors review, and {reviewers_share} of the {reviewers} reviewers contribute.",
        "fr": "{both} personnes publient et notent : {contributors_share} des {contributors} contributeurs écrivent des avis, et {reviewers_share} des {reviewers} auteurs d'avis publient des recettes."},
    "users.note.overlap_test": {
        "en": " Contributors' reviews average {contributor_mean} (95% CI {contributor_low}–{contributor_high}) vs {other_mean} ({other_low}–{other_high}) for the others; rating distribution χ² = {chi2}, {p}, Cramér's V = {v} ({strength}).",
        "fr": " Les avis des contributeurs valent en moyenne {contributor_mean} (IC 95 % {contributor_low}–{contributor_high}) contre {other_mean} ({other_low}–{other_high}) pour les autres ; distribution des notes χ² = {chi2}, {p}, V de Cramér = {v} ({strength})."},
    "users.note.overlap_no_test": {
        "en": " Too few reviews by contributors or by others (< {minimum}) to compare their ratings.",
        "fr": " Trop peu d'avis de contributeurs ou d'autres (< {minimum}) pour comparer leurs notes."},
})


def range_label(starts: tuple[int, ...], index: int, language: str) -> str:
    """'1', '2–5' or '> 50' for bucket ``index`` of buckets starting at ``starts``."""
    low = starts[index]
    if index == len(starts) - 1:
        return t("users.range.above", language, low=low - 1)
    high = starts[index + 1] - 1
    return t("users.range.single" if low == high else "users.range.between", language, low=low, high=high)


def segment_label(index: int, language: str) -> str:
    """'Occasional (2–5)': a reviewer segment with its thresholds."""
    return t("users.segment_with_range", language, segment=t(f"users.segment.{REVIEWER_SEGMENTS[index]}", language),
             range=range_label(REVIEWER_SEGMENT_STARTS, index, language))


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

    return html.Div([
        html.P(_definition(language), id=SEGMENT_DEFINITION, className="interpretation mx-0"),
        dbc.Row([
            dbc.Col(card(ACTIVITY, t("users.activity", language), ACTIVITY_NOTE), lg=6),
            dbc.Col(card(SEGMENTS, t("users.segments", language), SEGMENTS_NOTE), lg=6),
        ]),
        dbc.Row([
            dbc.Col(card(SEGMENT_RATINGS, t("users.segment_ratings", language), SEGMENT_RATINGS_NOTE), lg=6),
            dbc.Col(card(COHORTS, t("users.cohorts", language), COHORTS_NOTE), lg=6,
                    className="chart-wide"),  # the heatmap scrolls sideways on phones (assets/10_kitchen.css)
        ]),
        dbc.Row([
            dbc.Col(card(TOP_REVIEWERS, t("users.top_reviewers", language, n=TOP_COUNT), height=440), lg=6),
            dbc.Col(card(TOP_CONTRIBUTORS, t("users.top_contributors", language, n=TOP_COUNT), height=440), lg=6),
        ]),
        dbc.Row([
            dbc.Col(card(CONTRIBUTOR_RATINGS, t("users.contributor_ratings", language), CONTRIBUTOR_RATINGS_NOTE),
                    lg=6),
            dbc.Col(card(OVERLAP, t("users.overlap", language), OVERLAP_NOTE), lg=6),
        ]),
    ])
