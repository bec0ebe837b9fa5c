"""Every text a reader sees, in English and Russian: one module per language.

>>> text("chart.entropy_title", "ru")
'Энтропия растёт с температурой'
>>> text("readout.effective", "en")
'Effective number of choices'
"""

from __future__ import annotations

from tempviz.i18n import en, ru

LANGUAGES = {"en": en.TEXTS, "ru": ru.TEXTS}
NAMES = {"en": "English", "ru": "Русский"}
DEFAULT_LANGUAGE = "en"


def text(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The text for ``key`` in the language, with ``values`` filled into its {fields}.

    A value that can be translated itself (a :class:`tempviz.errors.Phrase`, an error)
    is, into the same language. An unknown key or language raises KeyError, so a missing
    translation fails loudly in tests instead of showing a key on the page.
    """
    template = LANGUAGES[lang][key]
    if not values:
        return template
    return template.format(**{name: value.localized(lang) if hasattr(value, "localized")
                              else value for name, value in values.items()})


def language_of(locale: str | None) -> str:
    """The language for a browser locale such as "ru-RU": Russian or else English.

    >>> language_of("ru-RU"), language_of("de-DE"), language_of(None)
    ('ru', 'en', 'en')
    """
    prefix = (locale or "").split("-")[0].lower()
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE
