"""Ready-made logits for the lesson, as the text a student would type.

Each preset is text, not numbers, so choosing one fills the logits box and the
student can see, copy and edit exactly what was chosen. Names, lessons and the
chatbot's replies come in the reader's language.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from tempviz.i18n import DEFAULT_LANGUAGE, text


class Preset(NamedTuple):
    name: str
    text: str
    lesson: str


NUMBERS = {"exercise": "1, 2, 5", "winner": "6, 2, 1, 0.5, 0", "rivals": "3.2, 3, 0.5, 0",
           "equal": "1, 1, 1, 1"}
DEFAULT_TEXT = NUMBERS["exercise"]
_WORD = re.compile(r"\S+")


def presets(lang: str = DEFAULT_LANGUAGE) -> list[Preset]:
    """The presets in a language; the chatbot's replies are written in it too.

    >>> [p.name for p in presets("ru")][:2]
    ['Задача: 1, 2, 5', 'Явный лидер']
    """
    chosen = [(key, NUMBERS[key]) for key in NUMBERS]
    chosen.append(("chatbot", text("preset.chatbot_text", lang)))
    return [Preset(text(f"preset.{key}", lang), logits, text(f"preset.{key}_lesson", lang))
            for key, logits in chosen]


def preset_typed(typed: str, lang: str = DEFAULT_LANGUAGE) -> Preset | None:
    """The preset whose logits ``typed`` is, spacing aside, or None.

    >>> preset_typed("1,2,5").name
    'Exercise: 1, 2, 5'
    >>> preset_typed("1, 2, 6") is None
    True
    """
    compact = {"".join(p.text.split()): p for p in presets(lang)}
    longest, words, size = max(map(len, compact)), [], 0
    for word in _WORD.finditer(typed):  # stops early in a long paste that can't be one
        size += word.end() - word.start()
        if size > longest:
            return None
        words.append(word.group())
    return compact.get("".join(words))
