"""A tiny word-level language model, to watch generation change with temperature.

It counts which word follows each pair of words (a trigram model, backing off to
the previous word alone when a pair was never seen), and its logits for the next
word are the logs of those counts: softmax at T = 1 gives back the observed
frequencies. At low T it repeats its favourite phrases; at high T it strings
rare words together into salad.

What it learns from by default ships with the app: in English, Python's documentation
topics (``pydoc_data``, in every Python); in Russian, the page's own Russian lessons and
explanations. Those are a few thousand words, and a trigram model of so small a text
finds one follower for nearly every pair, so that every T writes the same paragraph:
for them the model counts pairs only (a bigram model), where T has choices to reshape.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from tempviz.errors import TempvizError, invalid
from tempviz.i18n import LANGUAGES
from tempviz.sampling import chain

TOKEN = re.compile(r"[^\W\d_]+(?:[.'’][^\W\d_]+)*|\d+|[.,;:!?]")
SENTENCE_END = {".", "!", "?"}
MIN_TOKENS = 8


def tokenize(text: str) -> list[str]:
    """Lower-case words and punctuation marks, in order; everything else is dropped.
    A dot inside a name, as in str.lower, does not end a sentence.

    >>> tokenize("The cat's hat, 2 times! See str.lower.")
    ['the', "cat's", 'hat', ',', '2', 'times', '!', 'see', 'str.lower', '.']
    """
    return TOKEN.findall(text.lower())


class TextTooShort(TempvizError):
    """Too few words to learn from; ``count`` says how many there were."""

    def __init__(self, count: int):
        super().__init__("corpus.too_short", minimum=MIN_TOKENS, count=count)
        self.count = count


# the parts of the page that explain, as opposed to labels, errors and command-line help
LESSONS = ("exercise.", "practice.", "stability.", "notice.", "cuts.", "work.", "readout.",
           "replies.", "options.", "generation.", "text.")
LESSON_CHARACTERS = 80  # a shorter text is a label or a title, not a sentence to learn from
MARKUP = re.compile(r"\{[^}]*\}|\$[^$]*\$|`[^`]*`|\]\([^)]*\)")  # placeholders, TeX, code, links
BUNDLED_ORDER = {"en": 3, "ru": 2}  # a trigram model, or pairs only (see above)


def bundled_text(lang: str = "en") -> str:
    """The text the model learns from by default in a language: Python's documentation
    topics in English, the page's Russian lessons in Russian; nothing is downloaded.

    >>> "softmax" in bundled_text("ru") and "температур" in bundled_text("ru")
    True
    """
    if lang not in BUNDLED_ORDER:
        raise invalid("lang", "rule.one_of", lang, choices=", ".join(BUNDLED_ORDER))
    if lang == "ru":
        return lessons("ru")
    from pydoc_data.topics import topics

    return "\n".join(topics[name] for name in sorted(topics))


def lessons(lang: str) -> str:
    """The page's own explanations in a language, without placeholders, formulas, code
    or link targets, one text per line.

    >>> "$" in lessons("en") or "{" in lessons("en"), "temperature" in lessons("en")
    (False, True)
    """
    texts = (MARKUP.sub("", text) for key, text in sorted(LANGUAGES[lang].items())
             if key.startswith(LESSONS) and len(text) >= LESSON_CHARACTERS)
    return "\n".join(texts)


@dataclass(frozen=True)
class NgramModel:
    """Next-word candidates and their log counts, for word pairs and single words."""

    pairs: dict[tuple[str, str], tuple[tuple[str, ...], np.ndarray]]
    singles: dict[str, tuple[tuple[str, ...], np.ndarray]]
    starts: tuple[str, ...]

    def next_word_logits(self, previous: Sequence[str]) -> tuple[tuple[str, ...], np.ndarray]:
        """Candidates for the next word and their logits, log(count).

        >>> model = train("a b c. a b d. a b c.")
        >>> words, logits = model.next_word_logits(["a", "b"])
        >>> words, np.exp(logits)
        (('c', 'd'), array([2., 1.]))
        """
        if tuple(previous[-2:]) in self.pairs:
            return self.pairs[tuple(previous[-2:])]
        if previous and previous[-1] in self.singles:
            return self.singles[previous[-1]]
        return self.singles["."]


def train(text: str, order: int = 3) -> NgramModel:
    """Count the trigrams (unless ``order`` is 2) and bigrams of a text.

    >>> train("one two three. one two four.").starts  # words that open sentences
    ('one',)
    >>> train("one two three. one two four.", order=2).pairs
    {}
    """
    if order not in (2, 3):
        raise invalid("order", "rule.one_of", order, choices="2, 3")
    tokens = tokenize(text)
    if len(tokens) < MIN_TOKENS:
        raise TextTooShort(len(tokens))
    tokens = ["."] + tokens + (["."] if tokens[-1] not in SENTENCE_END else [])
    pairs: defaultdict[tuple[str, str], Counter] = defaultdict(Counter)
    singles: defaultdict[str, Counter] = defaultdict(Counter)
    for first, second, third in zip(tokens, tokens[1:], tokens[2:]) if order == 3 else ():
        pairs[first, second][third] += 1
    for first, second in pairwise(tokens):
        singles[first][second] += 1
    openers = Counter(word for end, word in pairwise(tokens)
                      if end in SENTENCE_END and word not in SENTENCE_END)
    usual = tuple(sorted(word for word, count in openers.items()
                         if count >= 3 and word[0].isalpha()))
    return NgramModel(pairs={k: _candidates(v) for k, v in pairs.items()},
                      singles={k: _candidates(v) for k, v in singles.items()},
                      starts=usual or tuple(sorted(openers)) or (tokens[1],))


def _candidates(counts: Counter) -> tuple[tuple[str, ...], np.ndarray]:
    words = tuple(counts)
    return words, np.log(np.array([counts[w] for w in words], dtype=np.float64))


def generate(model: NgramModel, steps: Sequence[tuple[str, float]], *, words: int = 60,
             seed: int | None = 0) -> list[str]:
    """Words drawn one at a time through the sampling chain, reproducible for a seed.

    >>> model = train("the cat sat on the mat. " * 5)
    >>> " ".join(generate(model, [("temperature", 0)], words=7))
    'the cat sat on the mat .'
    """
    rng = np.random.default_rng(seed)
    text = [model.starts[rng.integers(len(model.starts))]]
    while len(text) < words:
        candidates, logits = model.next_word_logits([".", *text])
        probs = chain(logits, steps)
        text.append(candidates[rng.choice(len(candidates), p=probs)])
    return text


def detokenize(tokens: Sequence[str]) -> str:
    """Tokens back into readable text: no space before punctuation, sentences capitalised.

    >>> detokenize(["the", "cat", ",", "the", "hat", ".", "a", "dog"])
    'The cat, the hat. A dog'
    """
    out: list[str] = []
    capital = True
    for token in tokens:
        word = token.capitalize() if capital and token[0].isalpha() else token
        out.append(word if not out or token in ",.;:!?" else " " + word)
        capital = token in SENTENCE_END or (capital and not token[0].isalnum())
    return "".join(out)


def repetition(tokens: Sequence[str]) -> float:
    """The share of three-word phrases that already appeared earlier in the text:
    near 0 for varied text, high when generation loops.

    >>> repetition("a b c a b c a b c".split())
    0.5714285714285714
    """
    phrases = list(zip(tokens, tokens[1:], tokens[2:]))
    if not phrases:
        return 0.0
    return 1 - len(set(phrases)) / len(phrases)
