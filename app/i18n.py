"""English and French texts. Each tab module registers its own catalogue at import."""

from __future__ import annotations

import math
import numbers
from decimal import Decimal
from typing import Any

from babel.dates import get_month_names
from babel.numbers import format_decimal

LANGUAGES = ("en", "fr")
# The Babel (CLDR) locale whose number and date conventions each language uses.
BABEL_LOCALES = {"en": "en_US", "fr": "fr_FR"}
_CATALOGUE: dict[str, dict[str, str]] = {}


def register(texts: dict[str, dict[str, str]]) -> None:
    """Add ``{key: {"en": ..., "fr": ...}}``; a key defined twice is a bug caught at import."""
    for key, variants in texts.items():
        if key in _CATALOGUE and _CATALOGUE[key] != variants:
            raise KeyError(f"Text {key!r} registered twice with different values")
        missing = set(LANGUAGES) - set(variants)
        if missing:
            raise KeyError(f"Text {key!r} lacks {', '.join(sorted(missing))}")
        _CATALOGUE[key] = variants


def normalize_language(language: str | None) -> str:
    return language if language in LANGUAGES else "en"


def t(key: str, language: str | None, **values: Any) -> str:
    """The text for ``key`` in ``language``, formatted with ``values``."""
    text = _CATALOGUE[key][normalize_language(language)]
    return text.format(**values) if values else text


def fmt_number(value: float | int | None, language: str | None, decimals: int = 0) -> str:
    """Thousands separators and decimal mark of the language, from Babel's locale data (1,234.5 /
    1 234,5 with a narrow no-break space). The exact binary value is rounded (half to even), as
    Python's own formatting does, so 2.675 reads 2.67 in every language."""
    if value is None or value != value:  # None or NaN
        return "–"
    if isinstance(value, numbers.Integral):
        number: int | Decimal = int(value)
    elif math.isinf(value):
        return "∞" if value > 0 else "−∞"
    else:
        number = Decimal(float(value))
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(number, format=pattern, locale=BABEL_LOCALES[normalize_language(language)])


def fmt_count(value: float | int | None, language: str | None) -> str:
    """A count, or a count-like statistic (Mann–Whitney U), as a whole number: 6,380, never 6,380.0."""
    return fmt_number(value, language, 0)


def fmt_measure(value: float | int | None, language: str | None, decimals: int = 1) -> str:
    """A measured value (a median, a quartile) with ``decimals``, or none when it is whole at that
    precision: the median of whole minutes reads 35, not 35.0, while 35.5 keeps its decimal."""
    if value is None or value != value:
        return "–"
    whole = round(float(value), decimals) == round(float(value))
    return fmt_number(value, language, 0 if whole else decimals)


def fmt_signed(value: float, language: str | None, decimals: int = 2) -> str:
    """A difference or a change with an explicit sign (+0.12 / −0,05, a true minus sign), none when it
    rounds to zero, so a direction reads at a glance."""
    text = fmt_number(abs(value), language, decimals)
    return text if round(value, decimals) == 0 else ("+" if value > 0 else "\u2212") + text


def fmt_p(p_value: float, language: str | None = None, name: str = "p") -> str:
    """A p-value for display: 'p < 0.001' or 'p = 0.042' (``name`` q for an FDR-adjusted one), with the
    language's decimal mark."""
    if p_value != p_value:
        return f"{name} = –"
    if p_value < 0.001:
        return f"{name} < {fmt_number(0.001, language, 3)}"
    return f"{name} = {fmt_number(p_value, language, 3)}"


def fmt_month(month: int, language: str | None) -> str:
    """A month's name (1 = January) as the language writes it alone: March / mars (Babel's CLDR data)."""
    return get_month_names("wide", context="stand-alone", locale=BABEL_LOCALES[normalize_language(language)])[month]


def fmt_years(years: tuple[int, int] | None) -> str:
    """A year or an inclusive span of years: 2005, or 2005–2009 (years take no thousands separator)."""
    if years is None:
        return "–"
    first, last = years
    return str(first) if first == last else f"{first}–{last}"


# What charts need to write numbers and dates like the texts around them. layout.separators is
# "<decimal><thousands>": the narrow no-break space of fmt_number in French. config.locale picks
# plotly.js's translations: its built-in US English, or assets/06_plotly-locale-fr.js.
PLOTLY_SEPARATORS = {"en": ".,", "fr": ",\u202f"}
PLOTLY_LOCALES = {"en": "en-US", "fr": "fr"}


def plotly_separators(language: str | None) -> str:
    return PLOTLY_SEPARATORS[normalize_language(language)]


def plotly_locale(language: str | None) -> str:
    return PLOTLY_LOCALES[normalize_language(language)]


def fmt_percent(share: float | None, language: str | None, decimals: int = 1) -> str:
    if share is None or share != share:
        return "–"
    suffix = "\u202f%" if normalize_language(language) == "fr" else "%"
    return fmt_number(100 * share, language, decimals) + suffix


register({
    "app.title": {"en": "Mangetamain Analytics", "fr": "Mangetamain Analytics"},
    "app.subtitle": {"en": "Food.com recipes and reviews, computed live",
                     "fr": "Recettes et avis Food.com, calculés en direct"},
    "app.demo_badge": {"en": "Synthetic demo data", "fr": "Données de démonstration synthétiques"},
    "app.demo_tooltip": {
        "en": "Generated data calibrated on the real statistics; load the real Kaggle files with `python -m app ingest`.",
        "fr": "Données générées, calibrées sur les statistiques réelles ; chargez les vrais fichiers Kaggle avec `python -m app ingest`."},
    "app.dataset": {"en": "Dataset {version}", "fr": "Jeu de données {version}"},
    "app.theme_light": {"en": "Light mode", "fr": "Mode clair"},
    "app.error_title": {"en": "Something went wrong", "fr": "Une erreur est survenue"},
    "chart.csv": {"en": "CSV", "fr": "CSV"},
    "chart.csv_title": {"en": "Download this chart's data as CSV", "fr": "Télécharger les données du graphique en CSV"},
    "chart.empty": {"en": "No data for the current filters.", "fr": "Aucune donnée pour les filtres actuels."},
    "tab.overview": {"en": "Overview", "fr": "Vue d'ensemble"},
    "filters.title": {"en": "Filters", "fr": "Filtres"},
    "filters.sub_years": {"en": "Recipe submission years", "fr": "Années de publication des recettes"},
    "filters.int_years": {"en": "Review years", "fr": "Années des avis"},
    "filters.minutes": {"en": "Preparation time (minutes)", "fr": "Temps de préparation (minutes)"},
    "filters.include_zero": {"en": "Include reviews without stars (rating 0)",
                             "fr": "Inclure les avis sans étoiles (note 0)"},
    "filters.tags": {"en": "Tags (all of)", "fr": "Tags (tous)"},
    "filters.ingredients": {"en": "Ingredients (all of)", "fr": "Ingrédients (tous)"},
    "filters.tags_placeholder": {"en": "Any tag", "fr": "Tous les tags"},
    "filters.ingredients_placeholder": {"en": "Type to search ingredients", "fr": "Tapez pour chercher un ingrédient"},
    "filters.reset": {"en": "Reset filters", "fr": "Réinitialiser"},
    "filters.outlier_policy": {
        "en": "Outlier policy: recipes over {threshold} minutes (one day) are kept in counts but excluded from minute means and quantiles.",
        "fr": "Valeurs aberrantes : les recettes de plus de {threshold} minutes (un jour) sont comptées mais exclues des moyennes et quantiles de durée."},
    "filters.focus": {"en": "Cross-filter: {parts}", "fr": "Filtre croisé : {parts}"},
    "filters.focus_part": {"en": "{dimension} = {value}", "fr": "{dimension} = {value}"},
    # Which date each cross-filter reads (see app.filters.FOCUS_DIMENSIONS).
    "filters.focus_dates.year": {"en": "recipes submitted then, and their reviews",
                                 "fr": "recettes publiées alors, et leurs avis"},
    "filters.focus_dates.review_year": {"en": "reviews written then", "fr": "avis écrits alors"},
    "filters.focus_dates.calendar": {"en": "recipes by submission date, reviews by review date",
                                     "fr": "recettes par date de publication, avis par date d'avis"},
    "filters.focus_clear": {"en": "Clear", "fr": "Effacer"},
    "dim.year": {"en": "submission year", "fr": "année de publication"},
    "dim.review_year": {"en": "review year", "fr": "année d'avis"},
    "dim.month": {"en": "month", "fr": "mois"},
    "dim.season": {"en": "season", "fr": "saison"},
    "dim.weekday": {"en": "weekday", "fr": "jour"},
    "dim.daytype": {"en": "day type", "fr": "type de jour"},
    "season.winter": {"en": "Winter", "fr": "Hiver"},
    "season.spring": {"en": "Spring", "fr": "Printemps"},
    "season.summer": {"en": "Summer", "fr": "Été"},
    "season.autumn": {"en": "Autumn", "fr": "Automne"},
    "season.definition": {
        "en": "Meteorological seasons: winter = Dec–Feb, spring = Mar–May, summer = Jun–Aug, autumn = Sep–Nov.",
        "fr": "Saisons météorologiques : hiver = déc.–févr., printemps = mars–mai, été = juin–août, automne = sept.–nov."},
    "weekday.1": {"en": "Mon", "fr": "Lun"}, "weekday.2": {"en": "Tue", "fr": "Mar"},
    "weekday.3": {"en": "Wed", "fr": "Mer"}, "weekday.4": {"en": "Thu", "fr": "Jeu"},
    "weekday.5": {"en": "Fri", "fr": "Ven"}, "weekday.6": {"en": "Sat", "fr": "Sam"},
    "weekday.7": {"en": "Sun", "fr": "Dim"},
    "daytype.weekend": {"en": "Weekend", "fr": "Week-end"},
    "daytype.weekday": {"en": "Weekdays", "fr": "Semaine"},
})
