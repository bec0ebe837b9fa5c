"""The language model's default texts, as the README describes them."""

import re
from pathlib import Path

import pytest

from tempviz.language_model import BUNDLED_ORDER, bundled_text, tokenize, train

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


@pytest.mark.parametrize("lang, source", [("en", "Python's\n  documentation topics"),
                                          ("ru", "the page's own Russian explanations")])
def test_each_default_text_is_as_large_as_the_readme_says(lang, source):
    promised = re.search(re.escape(source) + r" \(over ([\d,]+) words", README)
    assert promised, source
    words = [token for token in tokenize(bundled_text(lang)) if token[0].isalpha()]
    assert len(words) > int(promised.group(1).replace(",", ""))


def test_the_russian_text_is_russian_and_free_of_markup():
    text = bundled_text("ru")
    words = [token for token in tokenize(text) if token[0].isalpha()]
    russian = [word for word in words if re.fullmatch(r"[а-яё-]+", word)]
    assert len(russian) >= 0.85 * len(words)  # the rest: names (llama.cpp), symbols (T)
    assert not re.search(r"[{}$`]|\]\(", text)


def test_the_russian_model_counts_pairs_as_the_readme_says():
    # a trigram model of so small a text has one follower for nearly every pair of words
    assert BUNDLED_ORDER == {"en": 3, "ru": 2}
    pairs_model, words_model = train(bundled_text("ru"), 3), train(bundled_text("ru"), 2)
    single = sum(len(words) == 1 for words, _ in pairs_model.pairs.values())
    assert single > 0.75 * len(pairs_model.pairs)
    assert words_model.pairs == {}
    assert sum(len(words) > 1 for words, _ in words_model.singles.values()) > 200
