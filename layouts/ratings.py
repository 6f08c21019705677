"""Ratings & reviews tab: rating distribution, monthly mean and its trend, rating against volume,
reviews without stars, review length and the words most distinctive of each rating."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app.i18n import register, t
from app.stats import MIN_GROUP_SIZE
from layouts.components import chart_card

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
URL_CONTROLS = {GRANULARITY: DEFAULT_GRANULARITY, ROLLING: DEFAULT_ROLLING, SEGMENT_A: None, SEGMENT_B: REST,
                TOP_N: DEFAULT_TOP_N}
MIN_WORD_COUNT = 20
WORDS_PER_RATING = 10

register({
    "tab.ratings": {"en": "Ratings & reviews", "fr": "Notes et avis"},
    # Titles.
    "ratings.distribution": {"en": "Rating distribution (0–5)", "fr": "Distribution des notes (0–5)"},
    "ratings.monthly_mean": {"en": "Monthly mean rating (stars 1–5) and its trend",
                             "fr": "Note moyenne mensuelle (étoiles 1–5) et sa tendance"},
    "ratings.volume": {"en": "Rating against number of ratings per recipe",
                       "fr": "Note selon le nombre de notes par recette"},
    "ratings.zero_share": {"en": "Share of reviews without stars per year", "fr": "Part des avis sans étoiles par an"},
    "ratings.length_by_rating": {"en": "Review length by rating", "fr": "Longueur des avis selon la note"},
    "ratings.length_per_year": {"en": "Review length per year", "fr": "Longueur des avis par an"},
    "ratings.words": {"en": "Words most distinctive of each rating",
                      "fr": "Mots les plus caractéristiques de chaque note"},
    "ratings.segments": {"en": "Compare two segments: rating distributions",
                         "fr": "Comparer deux segments : distributions des notes"},
    "ratings.top_recipes": {"en": "Top recipes by Bayesian average rating",
                            "fr": "Meilleures recettes selon la note moyenne bayésienne"},
    # Controls.
    "ratings.granularity": {"en": "Period", "fr": "Période"},
    "ratings.granularity.month": {"en": "Month", "fr": "Mois"},
    "ratings.granularity.quarter": {"en": "Quarter", "fr": "Trimestre"},
    "ratings.granularity.year": {"en": "Year", "fr": "Année"},
    "ratings.rolling": {"en": "Rolling mean", "fr": "Moyenne mobile"},
    "ratings.rolling.off": {"en": "Off", "fr": "Non"},
    "ratings.rolling.n": {"en": "{n} periods", "fr": "{n} périodes"},
    "ratings.segment_a": {"en": "Segment A: tag", "fr": "Segment A : tag"},
    "ratings.segment_b": {"en": "Segment B", "fr": "Segment B"},
    "ratings.segment_rest": {"en": "All other recipes", "fr": "Toutes les autres recettes"},
    "ratings.top_n": {"en": "Show", "fr": "Afficher"},
    "ratings.table.rank": {"en": "#", "fr": "#"},
    "ratings.table.recipe": {"en": "Recipe", "fr": "Recette"},
    "ratings.table.n": {"en": "Star ratings", "fr": "Notes"},
    "ratings.table.raw": {"en": "Raw mean", "fr": "Moyenne brute"},
    "ratings.table.bayes": {"en": "Bayesian mean", "fr": "Moyenne bayésienne"},
    # Axes, legends and labels.
    "ratings.rating_label.0": {"en": "0 (no stars)", "fr": "0 (sans étoiles)"},
    "ratings.rating_label.n": {"en": "{rating} ★", "fr": "{rating} ★"},
    "ratings.axis.rating": {"en": "Rating (0 = review without stars)", "fr": "Note (0 = avis sans étoiles)"},
    "ratings.axis.reviews": {"en": "Reviews", "fr": "Avis"},
    "ratings.axis.month": {"en": "Month", "fr": "Mois"},
    "ratings.axis.year": {"en": "Review year", "fr": "Année de l'avis"},
    "ratings.axis.mean_rating": {"en": "Mean rating (1–5)", "fr": "Note moyenne (1–5)"},
    "ratings.axis.ratings_per_recipe": {"en": "Star ratings per recipe", "fr": "Notes (étoiles) par recette"},
    "ratings.axis.five_share": {"en": "Share of 5 stars", "fr": "Part de 5 étoiles"},
    "ratings.axis.zero_share": {"en": "Share without stars", "fr": "Part sans étoiles"},
    "ratings.axis.length": {"en": "Review length (characters)", "fr": "Longueur de l'avis (caractères)"},
    "ratings.axis.z": {"en": "z-score of the weighted log-odds", "fr": "z-score du log-odds pondéré"},
    "ratings.legend.mean": {"en": "Monthly mean", "fr": "Moyenne mensuelle"},
    "ratings.legend.mean.month": {"en": "Monthly mean", "fr": "Moyenne mensuelle"},
    "ratings.legend.mean.quarter": {"en": "Quarterly mean", "fr": "Moyenne trimestrielle"},
    "ratings.legend.mean.year": {"en": "Yearly mean", "fr": "Moyenne annuelle"},
    "ratings.legend.rolling": {"en": "Rolling mean, {n} {periods}", "fr": "Moyenne mobile, {n} {periods}"},
    "ratings.periods.month": {"en": "months", "fr": "mois"},
    "ratings.periods.quarter": {"en": "quarters", "fr": "trimestres"},
    "ratings.periods.year": {"en": "years", "fr": "ans"},
    "ratings.period.quarter": {"en": "quarter", "fr": "trimestre"},
    "ratings.period.year": {"en": "year", "fr": "année"},
    "ratings.axis.period.month": {"en": "Month", "fr": "Mois"},
    "ratings.axis.period.quarter": {"en": "Quarter", "fr": "Trimestre"},
    "ratings.axis.period.year": {"en": "Year", "fr": "Année"},
    "ratings.legend.ci": {"en": "95 % CI", "fr": "IC 95 %"},
    "ratings.legend.small": {"en": "Fewer than {n} ratings", "fr": "Moins de {n} notes"},
    "ratings.legend.trend": {"en": "Count-weighted trend", "fr": "Tendance pondérée par les effectifs"},
    "ratings.legend.logistic": {"en": "Logistic trend", "fr": "Tendance logistique"},
    "ratings.legend.overall_mean": {"en": "Overall mean {value}", "fr": "Moyenne globale {value}"},
    "ratings.legend.overall_recipe_mean": {"en": "Mean over all recipes {value}",
                                           "fr": "Moyenne sur toutes les recettes {value}"},
    "ratings.legend.recipe_mean": {"en": "Mean of recipe means (95 % CI)",
                                   "fr": "Moyenne des notes moyennes (IC 95 %)"},
    "ratings.legend.five_share": {"en": "Share of 5-star ratings (95 % CI)",
                                  "fr": "Part des notes 5 étoiles (IC 95 %)"},
    "ratings.legend.zero_share": {"en": "Share without stars (95 % Wilson CI)",
                                  "fr": "Part sans étoiles (IC 95 % de Wilson)"},
    "ratings.legend.median": {"en": "Median", "fr": "Médiane"},
    "ratings.legend.iqr": {"en": "Interquartile range", "fr": "Écart interquartile"},
    "ratings.bucket.single": {"en": "{low}", "fr": "{low}"},
    "ratings.bucket.range": {"en": "{low}–{high}", "fr": "{low}–{high}"},
    "ratings.bucket.open": {"en": "> {low}", "fr": "> {low}"},
    "ratings.hover.n_ratings": {"en": "ratings", "fr": "notes"},
    "ratings.hover.n_recipes": {"en": "recipes", "fr": "recettes"},
    "ratings.hover.n_reviews": {"en": "reviews", "fr": "avis"},
    "ratings.hover.occurrences": {"en": "occurrences", "fr": "occurrences"},
    # Static notes (method and scope).
    "ratings.method.distribution": {
        "en": "Rating 0 is a review left without stars, not a rating; the “include rating 0” filter removes it.",
        "fr": "La note 0 est un avis laissé sans étoiles, pas une note ; le filtre « inclure la note 0 » l'enlève."},
    "ratings.method.monthly_mean": {
        "en": "Ratings 1–5 only. Band: 95 % Student-t CI of each month's mean. Grey points: months with fewer than "
              "{n} ratings (too few to trust; their CI in the tooltip). Trend: least-squares line of the monthly "
              "means over time weighted by each month's number of ratings, over all months shown, tested with "
              "Newey–West (HAC) standard errors since neighbouring months are correlated. Dotted line: the mean of "
              "all the ratings shown.",
        "fr": "Notes 1–5 uniquement. Bande : IC 95 % (Student) de la moyenne de chaque mois. Points gris : mois de "
              "moins de {n} notes (trop peu pour s'y fier ; leur IC dans l'infobulle). Tendance : droite des moindres "
              "carrés des moyennes mensuelles dans le temps, pondérée par le nombre de notes du mois, sur tous les "
              "mois affichés, testée avec des erreurs types de Newey–West (HAC) car des mois voisins sont corrélés. "
              "Pointillés : la moyenne de toutes les notes affichées."},
    "ratings.method.volume": {
        "en": "Recipes grouped by how many star ratings (1–5) they received in the filtered reviews. Line: mean of "
              "the recipes' mean ratings with a 95 % CI over recipes; bars: share of 5-star ratings with a Wilson CI. "
              "Groups of fewer than {n} recipes are greyed; dotted line: the mean over all recipes. Spearman's ρ is "
              "computed over all recipes.",
        "fr": "Recettes regroupées selon le nombre de notes (1–5) reçues dans les avis filtrés. Ligne : moyenne des "
              "notes moyennes des recettes avec un IC 95 % sur les recettes ; barres : part des notes 5 étoiles avec "
              "un IC de Wilson. Les groupes de moins de {n} recettes sont grisés ; pointillés : la moyenne sur toutes les "
              "recettes. Le ρ de Spearman porte sur toutes les recettes."},
    "ratings.method.zero_share": {
        "en": "This chart is about reviews without stars, so it always counts them, even when the “include rating 0” "
              "filter is off; the other filters apply. Years with fewer than {n} reviews are greyed. Trend: binomial "
              "logistic regression of the yearly share on the year (standard errors widened by the extra year-to-year "
              "variation), a curve that stays between 0 and 100 %. Click a year, or drag across years, to cross-filter "
              "on those review years: the per-year charts shade them, the others show only their reviews (click "
              "the year again to clear).",
        "fr": "Ce graphique porte sur les avis sans étoiles : il les compte toujours, même quand le filtre « inclure "
              "la note 0 » est désactivé ; les autres filtres s'appliquent. Les années de moins de {n} avis sont "
              "grisées. Tendance : régression logistique binomiale de la part annuelle sur l'année (erreurs types "
              "élargies par la variation d'une année à l'autre), une courbe qui reste entre 0 et 100 %. Cliquez sur "
              "une année, ou faites glisser sur plusieurs années, pour filtrer sur ces années d'avis : les graphiques "
              "par année les grisent, les autres ne montrent que leurs avis (cliquez à nouveau pour annuler)."},
    "ratings.method.length_by_rating": {
        "en": "Boxes: quartiles and median; whiskers: 5th and 95th percentiles; dashed line: mean. Empty reviews "
              "count as 0 characters.",
        "fr": "Boîtes : quartiles et médiane ; moustaches : 5e et 95e centiles ; tirets : moyenne. Un avis vide "
              "compte 0 caractère."},
    "ratings.method.length_per_year": {
        "en": "Median and interquartile band per review year; trend of the yearly median weighted by the number of "
              "reviews, with Newey–West (HAC) standard errors.",
        "fr": "Médiane et bande interquartile par année d'avis ; tendance de la médiane annuelle pondérée par le "
              "nombre d'avis, avec erreurs types de Newey–West (HAC)."},
    "ratings.method.words": {
        "en": "Weighted log-odds with an informative Dirichlet prior (Monroe et al., 2008): each rating against all "
              "the others; |z| > 1.96 is distinctive. Word counts are precomputed at ingest over ALL reviews, so the "
              "global filters do not apply to this chart. Common English stop words and words seen fewer than "
              "{min_count} times are left out.",
        "fr": "Log-odds pondéré avec un a priori de Dirichlet informatif (Monroe et al., 2008) : chaque note contre "
              "toutes les autres ; |z| > 1,96 est caractéristique. Les comptes de mots sont précalculés à l'ingestion "
              "sur TOUS les avis : les filtres globaux ne s'appliquent pas à ce graphique. Les mots vides anglais "
              "courants et les mots vus moins de {min_count} fois sont exclus."},
    "ratings.method.segments": {
        "en": "Segment A: the filtered reviews of recipes tagged A; segment B: those of recipes tagged B, or of "
              "every recipe without A. Recipes holding both tags are left out of both, so the samples are disjoint. "
              "Bars: share of each rating within the segment. Tests: Mann–Whitney U on the star ratings 1–5 "
              "(effect: rank-biserial r, A over B) and chi-square of independence on the rating counts (effect: "
              "Cramér's V); effect words on the thresholds every tab uses. Structural tags are not offered.",
        "fr": "Segment A : les avis filtrés des recettes portant le tag A ; segment B : ceux des recettes portant le "
              "tag B, ou de toutes les recettes sans A. Les recettes portant les deux tags sont exclues des deux, "
              "pour des échantillons disjoints. Barres : part de chaque note dans le segment. Tests : U de "
              "Mann–Whitney sur les notes 1–5 (effet : r bisérial de rang, A contre B) et khi-deux d'indépendance "
              "sur les effectifs des notes (effet : V de Cramér) ; mots d'effet sur les seuils communs à tous les "
              "onglets. Les tags structurels ne sont pas proposés."},
    "ratings.method.top_recipes": {
        "en": "Bayesian average = (m × C + sum of the recipe's stars) / (m + n): the recipe's n star ratings (1–5; "
              "reviews without stars never count) pulled towards C, the mean of every filtered star rating, with "
              "the weight of m ratings, m being the median number of star ratings per rated recipe under the "
              "filters. A recipe rated 5 once no longer outranks one rated 4.9 by hundreds. Bars: Bayesian mean; "
              "diamonds: raw mean.",
        "fr": "Moyenne bayésienne = (m × C + somme des étoiles de la recette) / (m + n) : les n notes (1–5 ; les "
              "avis sans étoiles ne comptent jamais) de la recette tirées vers C, la moyenne de toutes les notes "
              "filtrées, avec le poids de m notes, m étant le nombre médian de notes par recette notée sous les "
              "filtres. Une recette notée 5 une seule fois ne passe plus devant une recette notée 4,9 par des "
              "centaines. Barres : moyenne bayésienne ; losanges : moyenne brute."},
    # Generated interpretations.
    "ratings.note.distribution": {
        "en": "{top_share} of the {total} reviews give {top_label}. Mean of the star ratings: {mean} (95 % CI "
              "{low}–{high}, n = {n_rated}). {zero_part}",
        "fr": "{top_share} des {total} avis donnent {top_label}. Moyenne des notes (étoiles) : {mean} (IC 95 % "
              "{low}–{high}, n = {n_rated}). {zero_part}"},
    "ratings.note.zero_included": {"en": "{share} of the reviews carry no stars.",
                                   "fr": "{share} des avis n'ont pas d'étoiles."},
    "ratings.note.zero_excluded": {"en": "Reviews without stars are excluded by the filter.",
                                   "fr": "Les avis sans étoiles sont exclus par le filtre."},
    "ratings.note.trend": {
        "en": "Over {months} months (overall mean {mean}), the count-weighted trend of the monthly mean is {slope} "
              "stars per year (95 % CI {low} to {high}; R² = {r2}; {p}, Newey–West with {lags} lags): {verdict}",
        "fr": "Sur {months} mois (moyenne globale {mean}), la tendance pondérée de la moyenne mensuelle est de {slope} "
              "étoile par an (IC 95 % {low} à {high} ; R² = {r2} ; {p}, Newey–West à {lags} retards) : {verdict}"},
    "ratings.legend.segment": {"en": "{segment}: {name} ({n} reviews)", "fr": "{segment} : {name} ({n} avis)"},
    "ratings.legend.bayes": {"en": "Bayesian mean", "fr": "Moyenne bayésienne"},
    "ratings.legend.raw_mean": {"en": "Raw mean", "fr": "Moyenne brute"},
    "ratings.legend.prior": {"en": "Prior: mean of all ratings {value}", "fr": "A priori : moyenne de toutes les notes {value}"},
    "ratings.axis.share_of_segment": {"en": "Share of the segment's reviews", "fr": "Part des avis du segment"},
    "ratings.effect.negligible": {"en": "negligible", "fr": "négligeable"},
    "ratings.effect.small": {"en": "small", "fr": "faible"},
    "ratings.effect.medium": {"en": "medium", "fr": "moyen"},
    "ratings.effect.large": {"en": "large", "fr": "fort"},
    "ratings.note.segment_part": {
        "en": "{segment} ({name}): {n} star ratings, mean {mean} (95 % CI {low}–{high}).",
        "fr": "{segment} ({name}) : {n} notes, moyenne {mean} (IC 95 % {low}–{high})."},
    "ratings.note.segments": {
        "en": "{parts} Mann–Whitney U on the stars: {p}, rank-biserial r = {r} ({r_size} effect): {verdict} "
              "Chi-square on the rating counts: χ² = {chi2}, {chi_p}, Cramér's V = {v} ({v_size} effect).",
        "fr": "{parts} U de Mann–Whitney sur les étoiles : {p}, r bisérial de rang = {r} (effet {r_size}) : "
              "{verdict} Khi-deux sur les effectifs des notes : χ² = {chi2}, {chi_p}, V de Cramér = {v} "
              "(effet {v_size})."},
    "ratings.note.segment_higher": {"en": "A is rated significantly higher than B.",
                                    "fr": "A est significativement mieux noté que B."},
    "ratings.note.segment_lower": {"en": "A is rated significantly lower than B.",
                                   "fr": "A est significativement moins bien noté que B."},
    "ratings.note.segment_same": {"en": "no significant difference between A and B (too small to conclude).",
                                  "fr": "pas de différence significative entre A et B (trop faible pour conclure)."},
    "ratings.note.segment_both": {
        "en": " {n} reviews of recipes holding both tags are left out of both segments.",
        "fr": " {n} avis de recettes portant les deux tags sont exclus des deux segments."},
    "ratings.note.segment_small": {"en": " Too small to conclude for {segments} (fewer than {n} ratings).",
                                   "fr": " Trop petit pour conclure pour {segments} (moins de {n} notes)."},
    "ratings.note.segment_same_tag": {"en": "Segments A and B are the same tag: choose two different segments.",
                                      "fr": "Les segments A et B sont le même tag : choisissez deux segments différents."},
    "ratings.note.segment_empty": {
        "en": "Segment {segment} ({name}) has no star rating under the current filters: choose two segments that "
              "both have reviews.",
        "fr": "Le segment {segment} ({name}) n'a aucune note avec les filtres actuels : choisissez deux segments "
              "qui ont des avis."},
    "ratings.note.top_recipes": {
        "en": "Prior: C = {c}, the mean of the {n_ratings} filtered star ratings, with weight m = {m}, the median "
              "number of star ratings of the {n_recipes} rated recipes. First: {name}, Bayesian mean {bayes} (raw "
              "mean {raw} over {n} ratings). {perfect} of the {shown} shown have a raw mean of 5.",
        "fr": "A priori : C = {c}, la moyenne des {n_ratings} notes filtrées, avec le poids m = {m}, le nombre médian "
              "de notes des {n_recipes} recettes notées. En tête : {name}, moyenne bayésienne {bayes} (moyenne brute "
              "{raw} sur {n} notes). {perfect} des {shown} affichées ont une moyenne brute de 5."},
    "ratings.note.period_base": {
        "en": " Points: one mean per {period}, pooled from the ratings; the trend above is tested on the monthly "
              "means (the documented base), whatever the period shown.",
        "fr": " Points : une moyenne par {period}, calculée sur les notes ; la tendance ci-dessus est testée sur les "
              "moyennes mensuelles (la base documentée), quelle que soit la période affichée."},
    "ratings.note.rolling": {
        "en": " Line: rolling mean over the last {n} {periods}, weighted by their numbers of ratings.",
        "fr": " Courbe : moyenne mobile sur les {n} derniers {periods}, pondérée par leurs nombres de notes."},
    "ratings.note.trend_down": {"en": "ratings decline significantly over time.",
                                "fr": "les notes baissent significativement avec le temps."},
    "ratings.note.trend_up": {"en": "ratings rise significantly over time.",
                              "fr": "les notes augmentent significativement avec le temps."},
    "ratings.note.trend_none": {"en": "no significant trend (too small to conclude a change).",
                                "fr": "pas de tendance significative (trop faible pour conclure à un changement)."},
    "ratings.note.small_months": {"en": " {count} of the months have fewer than {n} ratings (greyed).",
                                  "fr": " {count} des mois ont moins de {n} notes (grisés)."},
    "ratings.note.too_few_months": {
        "en": "Only {months} month(s) with ratings: too small to estimate a trend.",
        "fr": "Seulement {months} mois avec des notes : trop peu pour estimer une tendance."},
    "ratings.note.volume": {
        "en": "Spearman's ρ between a recipe's number of ratings and its mean rating: {rho} over {n} recipes ({p}): "
              "{verdict} Mean rating goes from {first_mean} for recipes with {first_bucket} rating(s) to {last_mean} "
              "for {last_bucket}; 5-star share from {first_five} to {last_five}.{disagree_part}{small_part}",
        "fr": "ρ de Spearman entre le nombre de notes d'une recette et sa note moyenne : {rho} sur {n} recettes "
              "({p}) : {verdict} La note moyenne passe de {first_mean} pour les recettes à {first_bucket} note(s) à "
              "{last_mean} pour {last_bucket} ; la part de 5 étoiles de {first_five} à {last_five}.{disagree_part}"
              "{small_part}"},
    "ratings.note.rho_positive": {"en": "more-rated recipes tend to be rated higher ({strength}).",
                                  "fr": "les recettes plus notées tendent à être mieux notées ({strength})."},
    "ratings.note.rho_negative": {"en": "more-rated recipes tend to be rated lower ({strength}).",
                                  "fr": "les recettes plus notées tendent à être moins bien notées ({strength})."},
    "ratings.note.rho_none": {"en": "no significant monotonic association (too small to conclude).",
                              "fr": "pas d'association monotone significative (trop faible pour conclure)."},
    "ratings.note.volume_disagree": {
        "en": " The groups and the correlation point in opposite directions: one 5-star review is enough to put a "
              "recipe's mean at 5.0, the top rank, so recipes with few ratings hold both extremes, while the mean of "
              "the recipe means rises with the number of ratings.",
        "fr": " Les groupes et la corrélation vont en sens opposés : un seul avis 5 étoiles suffit à mettre la "
              "moyenne d'une recette à 5,0, le rang le plus haut ; les recettes peu notées occupent donc les deux "
              "extrêmes, tandis que la moyenne des notes moyennes augmente avec le nombre de notes."},
    # Keyed by app.stats.magnitude on the shared correlation thresholds (stats.COHEN_R).
    "ratings.strength.negligible": {"en": "negligible effect, |ρ| < 0.1", "fr": "effet négligeable, |ρ| < 0,1"},
    "ratings.strength.small": {"en": "weak effect", "fr": "effet faible"},
    "ratings.strength.medium": {"en": "moderate effect", "fr": "effet modéré"},
    "ratings.strength.large": {"en": "strong effect", "fr": "effet fort"},
    "ratings.note.small_buckets": {"en": " Too small to conclude for: {buckets} (fewer than {n} recipes).",
                                   "fr": " Trop petit pour conclure : {buckets} (moins de {n} recettes)."},
    "ratings.note.too_few_recipes": {
        "en": "Only {n} rated recipe(s): too small to measure an association.",
        "fr": "Seulement {n} recette(s) notée(s) : trop peu pour mesurer une association."},
    "ratings.note.zero_share": {
        "en": "Overall {share} of the {total} reviews carry no stars; yearly share from {min_share} ({min_year}) to "
              "{max_share} ({max_year}). Logistic trend: fitted share {first_fit} in {first_year} and {last_fit} in "
              "{last_year}, {change} percentage points (95 % CI {low} to {high}; {p}): {verdict}{small_part}",
        "fr": "Au total {share} des {total} avis n'ont pas d'étoiles ; part annuelle de {min_share} ({min_year}) à "
              "{max_share} ({max_year}). Tendance logistique : part ajustée {first_fit} en {first_year} et {last_fit} "
              "en {last_year}, {change} points de pourcentage (IC 95 % {low} à {high} ; {p}) : {verdict}{small_part}"},
    "ratings.note.zero_up": {"en": "the share rises significantly.", "fr": "la part augmente significativement."},
    "ratings.note.zero_down": {"en": "the share falls significantly.", "fr": "la part baisse significativement."},
    "ratings.note.zero_flat": {"en": "no significant change (too small to conclude).",
                               "fr": "pas de changement significatif (trop faible pour conclure)."},
    "ratings.note.zero_no_trend": {
        "en": "Overall {share} of the {total} reviews carry no stars; fewer than 3 years: too small to estimate a "
              "trend.",
        "fr": "Au total {share} des {total} avis n'ont pas d'étoiles ; moins de 3 années : trop peu pour estimer une "
              "tendance."},
    "ratings.note.small_years": {"en": " Too small to conclude for {years} (fewer than {n} reviews).",
                                 "fr": " Trop petit pour conclure pour {years} (moins de {n} avis)."},
    "ratings.note.length_by_rating": {
        "en": "Median review length: {medians}. The longest reviews go with {longest} (median {longest_median} "
              "characters), the shortest with {shortest} ({shortest_median}).{small_part}",
        "fr": "Longueur médiane des avis : {medians}. Les avis les plus longs vont avec {longest} (médiane "
              "{longest_median} caractères), les plus courts avec {shortest} ({shortest_median}).{small_part}"},
    "ratings.note.small_ratings": {"en": " Too small to conclude for {ratings} (fewer than {n} reviews).",
                                   "fr": " Trop petit pour conclure pour {ratings} (moins de {n} avis)."},
    "ratings.note.length_per_year": {
        "en": "Median length from {first_median} characters in {first_year} to {last_median} in {last_year}; "
              "count-weighted trend of the yearly median: {slope} characters per year (95 % CI {low} to {high}; R² = "
              "{r2}; {p}): {verdict}{small_part}",
        "fr": "Longueur médiane de {first_median} caractères en {first_year} à {last_median} en {last_year} ; "
              "tendance pondérée de la médiane annuelle : {slope} caractère par an (IC 95 % {low} à {high} ; R² = "
              "{r2} ; {p}) : {verdict}{small_part}"},
    "ratings.note.length_up": {"en": "reviews get significantly longer.",
                               "fr": "les avis s'allongent significativement."},
    "ratings.note.length_down": {"en": "reviews get significantly shorter.",
                                 "fr": "les avis raccourcissent significativement."},
    "ratings.note.length_flat": {"en": "no significant change (too small to conclude).",
                                 "fr": "pas de changement significatif (trop faible pour conclure)."},
    "ratings.note.length_no_trend": {
        "en": "Median length per year: {medians} characters; fewer than 3 years: too small to estimate a trend.",
        "fr": "Longueur médiane par an : {medians} caractères ; moins de 3 années : trop peu pour estimer une "
              "tendance."},
    "ratings.note.words": {"en": "Most distinctive word per rating: {words}.{weak_part}",
                           "fr": "Mot le plus caractéristique par note : {words}.{weak_part}"},
    "ratings.note.words_weak": {
        "en": " No word is distinctive (|z| > 1.96) for {ratings}: too small to conclude.",
        "fr": " Aucun mot caractéristique (|z| > 1,96) pour {ratings} : trop peu pour conclure."},
    "ratings.note.words_empty": {"en": "No word counts are available in this dataset.",
                                 "fr": "Aucun compte de mots n'est disponible dans ce jeu de données."},
})

# Chart heights (px): the word facets need room for ten labels per panel.
WORDS_HEIGHT = 620


def _card(name: str, title_key: str, note_id: str, method: str, language: str, height: int = 360,
          controls: list | None = None, block_note: bool = False, selectable: bool = False) -> dbc.Card:
    """A chart card whose note holds its controls, the generated interpretation (a block when it holds
    more than text, e.g. a table), then the static method text."""
    generated = html.Div(id=note_id) if block_note else html.Span(id=note_id)
    note = [*(controls or []), generated, html.Div(method, className="text-muted small mt-1")]
    return chart_card(name, t(title_key, language), language, height=height, note=note, selectable=selectable)


def _radio(component_id: str, options: list[dict], value) -> dbc.RadioItems:
    return dbc.RadioItems(id=component_id, options=options, value=value, inline=True, className="btn-group",
                          inputClassName="btn-check", labelClassName="btn btn-outline-primary btn-sm",
                          labelCheckedClassName="active")


def _control(label: str, control) -> html.Div:
    return html.Div([html.Span(label, className="me-2 small text-secondary"), control],
                    className="d-flex align-items-center flex-wrap gap-1 me-3 mb-1")


def _monthly_controls(language: str) -> list:
    granularity = [{"label": t(f"ratings.granularity.{g}", language), "value": g} for g in GRANULARITIES]
    rolling = [{"label": t("ratings.rolling.n", language, n=n) if n else t("ratings.rolling.off", language),
                "value": n} for n in ROLLING_OPTIONS]
    return [html.Div([_control(t("ratings.granularity", language), _radio(GRANULARITY, granularity,
                                                                          DEFAULT_GRANULARITY)),
                      _control(t("ratings.rolling", language), _radio(ROLLING, rolling, DEFAULT_ROLLING))],
                     className="d-flex flex-wrap mb-1")]


def _segment_controls(language: str) -> list:
    """Tag A (options filled by a callback, the most frequent tag by default) and B (a tag, or the rest)."""
    rest = {"label": t("ratings.segment_rest", language), "value": REST}
    return [html.Div([
        _control(t("ratings.segment_a", language),
                 dcc.Dropdown(id=SEGMENT_A, options=[], value=None, clearable=True, style={"minWidth": "14rem"})),
        _control(t("ratings.segment_b", language),
                 dcc.Dropdown(id=SEGMENT_B, options=[rest], value=REST, clearable=False,
                              style={"minWidth": "14rem"})),
    ], className="d-flex flex-wrap mb-1")]


def _top_controls(language: str) -> list:
    options = [{"label": str(n), "value": n} for n in TOP_N_OPTIONS]
    return [html.Div(_control(t("ratings.top_n", language), _radio(TOP_N, options, DEFAULT_TOP_N)),
                     className="d-flex flex-wrap mb-1")]


def layout(language: str) -> html.Div:
    small = {"n": MIN_GROUP_SIZE}
    return html.Div([
        dbc.Row([
            dbc.Col(_card(DISTRIBUTION, "ratings.distribution", DISTRIBUTION_NOTE,
                          t("ratings.method.distribution", language), language), lg=5),
            dbc.Col(_card(MONTHLY_MEAN, "ratings.monthly_mean", MONTHLY_MEAN_NOTE,
                          t("ratings.method.monthly_mean", language, **small), language,
                          controls=_monthly_controls(language)), lg=7),
        ]),
        dbc.Row([
            dbc.Col(_card(ZERO_SHARE, "ratings.zero_share", ZERO_SHARE_NOTE,
                          t("ratings.method.zero_share", language, **small), language, selectable=True), lg=6),
            dbc.Col(_card(VOLUME, "ratings.volume", VOLUME_NOTE,
                          t("ratings.method.volume", language, **small), language), lg=6),
        ]),
        dbc.Row([
            dbc.Col(_card(LENGTH_BY_RATING, "ratings.length_by_rating", LENGTH_BY_RATING_NOTE,
                          t("ratings.method.length_by_rating", language), language), lg=6),
            dbc.Col(_card(LENGTH_PER_YEAR, "ratings.length_per_year", LENGTH_PER_YEAR_NOTE,
                          t("ratings.method.length_per_year", language), language), lg=6),
        ]),
        dbc.Row([
            dbc.Col(_card(SEGMENTS, "ratings.segments", SEGMENTS_NOTE, t("ratings.method.segments", language),
                          language, controls=_segment_controls(language)), lg=6),
            dbc.Col(_card(TOP_RECIPES, "ratings.top_recipes", TOP_RECIPES_NOTE,
                          t("ratings.method.top_recipes", language), language,
                          controls=_top_controls(language), block_note=True), lg=6),
        ]),
        dbc.Row([
            dbc.Col(_card(WORDS, "ratings.words", WORDS_NOTE,
                          t("ratings.method.words", language, min_count=MIN_WORD_COUNT), language,
                          height=WORDS_HEIGHT)),
        ]),
    ])
