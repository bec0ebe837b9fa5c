"""One error type for every bad input, told in the reader's language.

An error carries a message key and its values, not a finished sentence: ``str()`` gives
it in English for library users, and the page and the command line call
:meth:`TempvizError.localized` for their reader. A value may itself be a
:class:`Phrase` (a rule, a hint), which is translated with the message, so each rule
is written once, in ``tempviz/i18n``, and every place that enforces it says it the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tempviz.i18n import DEFAULT_LANGUAGE, text

QUOTED_CHARS = 40  # of a value a message quotes


@dataclass(frozen=True)
class Phrase:
    """A text by key and values, translated when it is shown.

    >>> rule = Phrase("rule.fraction")
    >>> str(rule), rule.localized("ru")
    ('must be a number in [0, 1]', 'должно быть числом от 0 до 1')
    """

    key: str
    values: dict = field(default_factory=dict)

    def localized(self, lang: str) -> str:
        return text(self.key, lang, **self.values)

    def __str__(self) -> str:
        return self.localized(DEFAULT_LANGUAGE)


class TempvizError(ValueError):
    """Input tempviz cannot use: the message key, its values and an optional hint key.

    >>> error = TempvizError("err.no_value", item=2)
    >>> str(error)
    'item 2 has a label but no value after it'
    >>> error.localized("ru")
    'у элемента 2 есть метка, но нет значения после неё'
    """

    def __init__(self, key: str, hint: str | None = None, **values: object):
        self.key, self.hint, self.values = key, hint, values
        super().__init__(self.localized(DEFAULT_LANGUAGE))

    def localized(self, lang: str) -> str:
        return text(self.key, lang, **self.values) + (text(self.hint, lang) if self.hint else "")


def describe(value: object) -> str | Phrase:
    """Show a value the way a user would recognise it in a message; a :class:`Phrase`
    ("an empty vector") stays a phrase, to be translated with the message. Text past
    ``QUOTED_CHARS`` is cut: a link may carry 8,000 characters, a notice quotes a few.

    >>> describe(-1.0), describe("abc"), describe(float("inf")), describe("9" * 100)[-6:]
    ('-1.0', "'abc'", 'inf', "9999…'")
    """
    if isinstance(value, Phrase):
        return value
    if isinstance(value, str):
        return repr(value if len(value) <= QUOTED_CHARS else value[:QUOTED_CHARS - 1] + "…")
    return str(value)


def invalid(name: str, rule: str, value: object, hint: str | None = None,
            **rule_values: object) -> TempvizError:
    """The error for an argument that breaks its rule: its name, the rule (a key in
    ``tempviz/i18n``), the value given and an optional hint (a key too).

    >>> print(invalid("temperature", "rule.whole_at_least", -1, least=0))
    temperature must be a whole number ≥ 0, but -1 was given
    >>> invalid("top_k", "rule.whole_at_least", 0, least=1).localized("ru")
    'top_k: должно быть целым числом не меньше 1, а передано 0'
    """
    values = {"name": name, "rule": Phrase(rule, rule_values), "value": describe(value)}
    if hint is None:
        return TempvizError("err.invalid", **values)
    return TempvizError("err.invalid_hint", **values, advice=Phrase(hint))


_ASCII_DIGITS = re.compile(r"[0-9]+")


def whole_number(typed: str, least: int, most: int) -> int | None:
    """The whole number from ``least`` to ``most`` that a link or a command line writes,
    or None. Only 0–9 count: ``str.isdigit`` also accepts "²", which ``int`` refuses, and a
    string of digits too long to be in range is never converted (``int`` refuses more than
    4,300 digits).

    >>> whole_number(" 042 ", 1, 99), whole_number("²", 0, 99), whole_number("9" * 5000, 0, 99)
    (42, None, None)
    """
    digits = typed.strip()
    if not _ASCII_DIGITS.fullmatch(digits):
        return None
    digits = digits.lstrip("0") or "0"
    if len(digits) > len(str(most)):
        return None
    value = int(digits)
    return value if least <= value <= most else None
