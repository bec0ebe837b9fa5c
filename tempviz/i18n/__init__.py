"""Every text a reader sees, in English and Russian: one module per language.

Numbers in texts are written the way the language writes them (Babel's decimal and
group symbols: 1,234.5 in English, 1 234,5 in Russian), and a word that agrees with a
number takes the plural form the language's rules choose.

>>> text("chart.entropy_title", "ru")
'Энтропия растёт с температурой'
>>> text("readout.effective", "en")
'Effective number of choices'
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from functools import cache
from numbers import Number

from babel import Locale, numbers

from tempviz.i18n import en, ru

LANGUAGES = {"en": en.TEXTS, "ru": ru.TEXTS}
NAMES = {"en": "English", "ru": "Русский"}
DEFAULT_LANGUAGE = "en"
PLURAL = "plural:"  # {count:plural:one=логит;few=логита;many=логитов;other=логита}
# The sign between a mantissa and its power of ten: CLDR's (Babel's) "×", and in Russian
# the raised dot of Russian textbooks and GOST 8.417 (CLDR gives "×" there too).
TIMES = {"en": "×", "ru": "·"}
MINUS = "−"
SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")


def text(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text for ``key`` in the language, with ``values`` filled into its {fields}.

    A value that can be translated itself (a :class:`tempviz.errors.Phrase`, an error)
    is, into the same language; a number is written as the language writes it. An
    unknown key or language raises KeyError, so a missing translation fails loudly in
    tests instead of showing a key on the page.

    >>> text("chart.others", "ru", count=4980), text("chart.others", "en", count=4980)
    ('ещё 4\\xa0980 классов', '4,980 others')
    """
    template = LANGUAGES[lang][key]
    if not values:
        return template
    return _formatter(lang).format(template, **{
        name: value.localized(lang) if hasattr(value, "localized") else value
        for name, value in values.items()})


def number(value: float, spec: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A number written with a Python format spec, in the language's symbols: the
    digits Python writes, with the language's decimal sign and digit grouping, and a
    power of ten as a textbook prints it (4,2·10⁻¹⁸ in Russian, 4.2×10⁻¹⁸ in English),
    never as a program's 4.2e-18.

    >>> number(1234.5, ",.1f", "ru"), number(0.415, ".3f", "ru"), number(4.2e-18, ".1e", "ru")
    ('1\\xa0234,5', '0,415', '4,2·10⁻¹⁸')
    >>> number(4.2e-18, ".1e"), number(1e-7, "g"), number(123456789.0, ".6g"), number(2e300, "g")
    ('4.2×10⁻¹⁸', '10⁻⁷', '1.23457×10⁸', '2×10³⁰⁰')
    >>> number(0.25, ".0%", "ru"), number(12345, ",", "en")
    ('25\\xa0%', '12,345')
    """
    # Not Babel's format_decimal / format_percent / format_scientific: they take CLDR
    # patterns, where every number here is a Python spec (".3g", ".4~g", ",.1f") chosen for
    # its significant digits, and the digits must be the same in every language. Python
    # writes the digits; Babel's locale data gives the symbols (see _symbols).
    written = format(value, spec)
    mantissa, power, exponent = written.partition("e")
    if lang != DEFAULT_LANGUAGE:
        decimal, group, percent = _symbols(lang)
        mantissa = mantissa.replace(",", "\0").replace(".", decimal).replace("\0", group)
        if spec.endswith("%"):
            mantissa = mantissa.replace("%", percent)
    if power:
        return times_power_of_ten(mantissa, int(exponent), lang)
    return mantissa.replace("-", MINUS)  # a textbook's minus sign, not a hyphen


def times_power_of_ten(mantissa: str, exponent: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """``mantissa`` × 10^``exponent`` as a textbook prints it, the exponent in superscript
    and a mantissa of exactly 1 left out.

    >>> times_power_of_ten("9,4", -14, "ru"), times_power_of_ten("-2", 2)
    ('9,4·10⁻¹⁴', '−2×10²')
    >>> times_power_of_ten("1", 5), times_power_of_ten("-1", 5)
    ('10⁵', '−10⁵')
    """
    sign, digits = (MINUS, mantissa[1:]) if mantissa.startswith("-") else ("", mantissa)
    power = "10" + str(exponent).translate(SUPERSCRIPT)
    return sign + (power if digits == "1" else f"{digits}{TIMES[lang]}{power}")


def decimal_sign(lang: str) -> str:
    """The language's decimal sign, as Babel's locale data has it.

    >>> decimal_sign("en"), decimal_sign("ru")
    ('.', ',')
    """
    return _symbols(lang)[0]


def listed(items: Iterable[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """Written numbers (or what holds them) as one list: split by semicolons wherever the
    decimal sign is a comma, so "0,1; 0,2; 0,5" can't be misread as six numbers.

    >>> listed(["0.1", "0.2", "0.5"]), listed(["0,1", "0,2", "0,5"], "ru")
    ('0.1, 0.2, 0.5', '0,1; 0,2; 0,5')
    """
    return ("; " if decimal_sign(lang) == "," else ", ").join(items)


def number_list(values: Iterable[float], spec: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Numbers written with one format spec, as a list (see :func:`number`, :func:`listed`).

    >>> number_list([0.1, 0.2, 0.5], "g", "ru"), number_list([10, 1, 0.1], "g")
    ('0,1; 0,2; 0,5', '10, 1, 0.1')
    """
    return listed((number(value, spec, lang) for value in values), lang)


def plural(count: float, forms: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The form of a word that agrees with ``count``, by the language's plural rules
    (CLDR, through Babel); ``forms`` reads "one=логит;few=логита;many=логитов;other=логита".

    >>> [plural(n, "one=логит;few=логита;many=логитов;other=логита", "ru") for n in (1, 2, 5)]
    ['логит', 'логита', 'логитов']
    """
    chosen = dict(form.split("=", 1) for form in forms.split(";"))
    return chosen.get(Locale.parse(lang).plural_form(abs(count)), chosen["other"])


@cache
def _symbols(lang: str) -> tuple[str, str, str]:
    """The decimal sign, the group separator and the percent suffix of a language, from
    Babel's locale data: in Russian a comma, a no-break space (so 50 000 never breaks
    across lines) and " %" after a no-break space."""
    # Babel writes 0 % as its locale's pattern has it: what follows the digit is the suffix
    return (numbers.get_decimal_symbol(lang), numbers.get_group_symbol(lang),
            numbers.format_percent(0, locale=lang)[1:])


class _LocaleFormatter(string.Formatter):
    """str.format with numbers in a language's symbols and plural forms by its rules."""

    def __init__(self, lang: str):
        self.lang = lang

    def format_field(self, value: object, spec: str) -> str:
        if spec.startswith(PLURAL):
            return plural(value, spec[len(PLURAL):], self.lang)
        if isinstance(value, Number) and not isinstance(value, bool) and spec:
            return number(value, spec, self.lang)
        return super().format_field(value, spec)


@cache
def _formatter(lang: str) -> _LocaleFormatter:
    return _LocaleFormatter(lang)


def language_of(locale: str | None) -> str:
    """The language for a browser locale such as "ru-RU": Russian or else English.

    >>> language_of("ru-RU"), language_of("de-DE"), language_of(None)
    ('ru', 'en', 'en')
    """
    prefix = (locale or "").split("-")[0].lower()
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE
