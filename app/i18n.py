"""English and French: the texts (catalogues in app/locales/), numbers, dates and plural forms (Babel)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

LANGUAGES = ("en", "fr")
# The Babel (CLDR) locale whose number and date conventions each language uses.
BABEL_LOCALES = {"en": "en_US", "fr": "fr_FR"}
LOCALES_DIR = Path(__file__).parent / "locales"
# One catalogue per language, app/locales/<language>.json: key -> text, or for a text with plural forms
# {"one": ..., "other": ...} (the language's CLDR plural categories), chosen by the ``count`` value.
Text = str | dict[str, str]


def _load_catalogues() -> dict[str, dict[str, Text]]:
    return {
        language: json.loads((LOCALES_DIR / f"{language}.json").read_text(encoding="utf-8")) for language in LANGUAGES
    }


CATALOGUES = _load_catalogues()


@cache
def _plural_form(language: str) -> Callable[[float], str]:
    """The language's CLDR plural rule: a count -> its category ('one', 'other'...)."""
    return Locale.parse(BABEL_LOCALES[language]).plural_form


def normalize_language(language: str | None) -> str:
    return language if language in LANGUAGES else "en"


def t(key: str, language: str | None, **values: Any) -> str:
    """The text for ``key`` in ``language``, formatted with ``values``; a text with plural forms takes
    the form the language uses for ``values["count"]`` (French says 0 and 1 in the singular)."""
    language = normalize_language(language)
    text = CATALOGUES[language][key]
    if isinstance(text, dict):
        text = text[_plural_form(language)(abs(values["count"]))]
    return text.format(**values) if values else text


@cache
def _number_symbols(language: str) -> dict[int, str]:
    """Python's ',' and '.' of a formatted number -> the language's group and decimal symbols (CLDR
    data from Babel: a narrow no-break space and a comma in French). Both languages group by three."""
    locale = Locale.parse(BABEL_LOCALES[language])
    return {ord(","): get_group_symbol(locale), ord("."): get_decimal_symbol(locale)}


def fmt_number(value: float | int | None, language: str | None, decimals: int = 0) -> str:
    """Thousands separators and decimal mark of the language (1,234.5 / 1 234,5), from Babel's locale
    data; the digits are Python's (half-to-even rounding of the exact binary value), formatted a
    thirtieth as slowly as Babel's own formatter, which matters for charts with thousands of labels."""
    if value is None or value != value:  # None or NaN
        return "–"
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "−∞"
    return f"{value:,.{decimals}f}".translate(_number_symbols(normalize_language(language)))


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
