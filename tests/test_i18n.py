"""Two languages: the same texts in both, no key ever shown, the language in the URL."""

import json
import re
import string
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tempviz.i18n import LANGUAGES, language_of, text
from tests.test_app import reader_sees, readouts, temperature

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_text_exists_in_every_language():
    english, russian = LANGUAGES["en"], LANGUAGES["ru"]
    assert set(english) == set(russian), set(english) ^ set(russian)


@pytest.mark.parametrize("key", sorted(k for k in LANGUAGES["en"] if k != "argparse.messages"))
def test_translations_fill_the_same_fields(key):
    assert fields(LANGUAGES["en"][key]) == fields(LANGUAGES["ru"][key]), key


def test_argparse_messages_keep_their_placeholders():
    # named placeholders may be left out (argparse fills them from a dict), never invented
    for english, russian in LANGUAGES["ru"]["argparse.messages"].items():
        placeholders = re.compile(r"%(?:\(\w+\))?[rs]")
        assert set(placeholders.findall(russian)) <= set(placeholders.findall(english))
        assert russian.count("%s") == english.count("%s")


NAMESPACES = sorted({key.split(".")[0] for key in LANGUAGES["en"]})
KEY_LITERAL = re.compile(rf"""(?<![\w.])["']((?:{"|".join(NAMESPACES)})\.[a-z_0-9.]+)["']""")
BUILT_KEY = re.compile(rf"""\bf["']((?:{"|".join(NAMESPACES)})\.[^"']*\{{[^"']*)["']""")
NAMED = re.compile(r"""\bnamed\(["']([^"']+)["']\)""")  # page.text.named: prefix + option


def dynamic_keys() -> dict[str, set[str]]:
    """Every key the code builds at run time, by the f-string that builds it: each
    template with every value it can take, read from the code that supplies them."""
    from page.data import CORPORA
    from page.practice import DIALS, TEACHERS
    from tempviz import exercise, views
    from tempviz.charts.calibration import CALIBRATION_CHARTS, DISTILLATION_CHARTS
    from tempviz.files import SET_ARRAYS
    from tempviz.presets import NUMBERS
    from tempviz.sampling import CUTS
    from tempviz.state import ORDERS, UNITS
    from tempviz.temperature import format_temperature

    moods = ("monotonous", "unpredictable")
    return {
        "unit.{unit}": {f"unit.{unit}" for unit in UNITS},
        "unit.{look.unit}": {f"unit.{unit}" for unit in UNITS},
        "view.{name}": {f"view.{name}" for name in views.chart_names()},
        "preset.{key}": {f"preset.{key}" for key in [*NUMBERS, "chatbot"]},
        "preset.{key}_lesson": {f"preset.{key}_lesson" for key in [*NUMBERS, "chatbot"]},
        "exercise.why_{format_temperature(temperature)}": {
            f"exercise.why_{format_temperature(t)}" for t in exercise.PART_A + exercise.PART_B},
        "exercise.{mood}": {f"exercise.{mood}" for mood in moods},
        "mood.{felt}": {f"mood.{felt}" for felt in ("monotonous", "varied", "unpredictable")},
        "cuts.{key}_help": {f"cuts.{key}_help" for key in CUTS},
        "alt.chart_{chart.name}": {f"alt.chart_{chart.name}" for chart in views.STAGE_CHARTS
                                   if chart.alt is None},
        "chart.{side}_limit": {f"chart.{side}_limit" for side in ("cold", "hot")},
        # page.text.named(prefix) names each option of a widget
        "cuts.order_{name}": {f"cuts.order_{order}" for order in ORDERS},
        "cuts.{value_key}": {f"cuts.{cut.second.link}" for cut in CUTS.values() if cut.second},
        # every mistake but the printed key's, which only the exercise's own logits make
        "poll.reason_{mistake}": {f"poll.reason_{kind}" for kind in exercise.MISTAKES
                                  if kind != "key"},
        "named:unit.": {f"unit.{unit}" for unit in UNITS},
        "named:corpus.": {f"corpus.{corpus}" for corpus in CORPORA},
        # the part "Temperature in practice"
        "set.npz_{array}_shape": {f"set.npz_{array}_shape" for array in SET_ARRAYS},
        "practice.row_{name}": {f"practice.row_{name}" for name in ("nll", "ece", "accuracy")},
        "practice.dial_{name}": {f"practice.dial_{name}" for name in DIALS},
        "practice.view_{chart}": {f"practice.view_{chart}" for chart in
                                  CALIBRATION_CHARTS + DISTILLATION_CHARTS},
        "named:practice.teacher_": {f"practice.teacher_{source}" for source in TEACHERS},
    }


def code_sources() -> list[Path]:
    return [*ROOT.glob("tempviz/**/*.py"), *ROOT.glob("page/*.py"), APP]


def test_every_key_the_code_asks_for_exists():
    asked = {key for path in code_sources() for key in KEY_LITERAL.findall(path.read_text())
             if not key.endswith(("_", "."))}  # a prefix named() completes
    assert len(asked) > 100 and asked <= set(LANGUAGES["en"]), asked - set(LANGUAGES["en"])


def test_every_key_the_code_builds_at_run_time_exists():
    # deleting exercise.why_1 from both languages must fail here, not crash the exercise
    built = {template for path in code_sources() for template in
             BUILT_KEY.findall(path.read_text())}
    built |= {f"named:{prefix}" for path in code_sources()
              for prefix in NAMED.findall(path.read_text())}
    families = dynamic_keys()
    assert built == set(families), f"list each built key's values here: {built ^ set(families)}"
    for lang, texts in LANGUAGES.items():
        missing = set().union(*families.values()) - set(texts)
        assert not missing, (lang, missing)


def test_an_unknown_key_fails_loudly():
    with pytest.raises(KeyError):
        text("page.no_such_text", "ru")


@pytest.mark.parametrize("locale, lang", [("ru-RU", "ru"), ("ru", "ru"), ("en-GB", "en"),
                                          ("de-DE", "en"), (None, "en")])
def test_browser_locale_picks_the_language(locale, lang):
    assert language_of(locale) == lang


def page_texts(page: AppTest) -> list[str]:
    """Every text the page shows: elements, labels, help, and the charts' specs."""
    shown = []
    for kind in ("markdown", "caption", "title", "subheader", "error", "warning", "info",
                 "success", "metric", "button", "radio", "toggle", "select_slider", "slider",
                 "text_area", "number_input", "expander", "tabs"):
        for element in page.get(kind):
            shown.extend(str(getattr(element, attribute, "")) for attribute in
                         ("value", "label", "help", "body"))
    shown.extend(chart.proto.spec + chart.proto.alt for chart in page.get("vega_lite_chart"))
    return shown


@pytest.mark.parametrize("lang, title", [("ru", "Как температура меняет softmax"),
                                         ("en", "How temperature reshapes softmax")])
def test_the_page_in_each_language_shows_no_untranslated_key(lang, title):
    page = AppTest.from_file(str(APP), default_timeout=60)
    page.query_params.update({"lang": lang, "logits": "1, two", "T": "abc", "top_k": "x"})
    page.run()
    assert not page.exception
    assert page.title[0].value == title
    shown = "\n".join(page_texts(page))
    keys = [key for key in LANGUAGES[lang] if re.search(rf"(?<![\w.]){re.escape(key)}\b", shown)]
    assert not keys, keys
    assert page.query_params["lang"] == lang


def test_the_russian_page_speaks_russian_in_its_charts_and_messages():
    page = AppTest.from_file(str(APP), default_timeout=60)
    page.query_params.update({"lang": "ru", "logits": "1, two"})
    page.run()
    assert "элемент 2" in page.error[0].value
    specs = "".join(json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
                    for chart in page.get("vega_lite_chart"))
    assert "Энтропия растёт с температурой" in specs


def test_switching_the_language_keeps_every_choice():
    page = AppTest.from_file(str(APP), default_timeout=60)
    page.query_params.update({"lang": "en", "T": "10"})
    page.run()
    page.radio(key="unit").set_value("nats").run()
    page.radio(key="lang").set_value("ru").run()
    assert page.title[0].value == "Как температура меняет softmax"
    assert temperature(page) == 10.0
    assert page.radio(key="unit").value == "nats"
    assert readouts(page)["Энтропия H"].endswith("нат")
    assert page.query_params["lang"] == "ru"


def test_a_bad_language_in_the_url_gets_a_notice():
    page = AppTest.from_file(str(APP), default_timeout=60)
    page.query_params.update({"lang": "xx"})
    page.run()
    notice = reader_sees(page.warning[0].value)
    assert "lang" in notice and "'xx'" in notice


# Latin-script words a Russian page may show: names, symbols, formats, and what the reader
# typed (the labels z1, z2, …); the generated paragraph is English by its corpus and the
# chart specs are code, so both are left out
RUSSIAN_PAGE_LATIN = {"softmax", "top", "k", "p", "min", "typical", "Hugging", "Face",
                      "n", "sigma", "a", "xtc", "XTC", "dynatemp", "range", "dyn",
                      "koboldcpp", "Tang", "et", "al", "Home", "End", "PageUp", "PageDown",
                      "llama", "cpp", "T", "H", "K", "z", "CSV", "PNG", "SVG", "PDF", "JSON",
                      "NPY", "npy", "json", "csv", "txt", "UTF", "inf", "log", "exp", "e",
                      "i", "j", "n", "N", "float", "NaN", "nan", "max", "English",
                      "logits", "label", "value", "TopK", "QR", "Python", "x", "tempviz",
                      "npz", "labels", "KL"}


def words_on_the_page(page: AppTest) -> set[str]:
    """The Latin words in every element's text, every tab and expander included (AppTest
    sees them all, open or not), and in the stage's own words."""
    texts = []
    for kind in ("markdown", "caption", "title", "subheader", "error", "warning", "info",
                 "success", "metric", "expander", "tabs"):  # what they show is their value
        for element in page.get(kind):
            texts.extend(str(getattr(element, attribute, "") or "") for attribute in
                         ("value", "label", "help", "body"))
    for kind in ("button", "radio", "toggle", "select_slider", "slider", "text_area",
                 "text_input", "number_input"):  # widgets show labels and options
        for element in page.get(kind):
            texts.extend(str(getattr(element, attribute, "") or "") for attribute in
                         ("label", "help", "placeholder"))
            texts.extend(str(option) for option in getattr(element, "options", []) or [])
    texts = [text for text in texts if not text.startswith("> ")]  # the generated paragraph
    for control in (e for e in page.main if getattr(e, "type", "") == "bidi_component"):
        data = json.loads(control.proto.json)
        if "keys" in data:  # the stage's control
            texts.extend([data["label"], data["keys"], *data["readout_names"],
                          *map(str, data["readouts"][data["stop"]]), data["described"][0]])
        elif "readout_names" in data:  # a dial of the part "Temperature in practice"
            texts.extend([data["label"], data["phrases"][data["stop"]], *data["readout_names"],
                          *data["readouts"][data["stop"]]])
    texts.extend(chart.proto.alt for chart in page.get("vega_lite_chart"))
    return {word for text in texts for word in re.findall(r"[A-Za-z]+", text)}


def test_no_russian_page_shows_an_english_word():
    page = AppTest.from_file(str(APP), default_timeout=60)
    page.query_params.update({"lang": "ru", "top_k": "2", "top_p": "0.9", "T": "0.1"})
    page.run()
    page.toggle(key="guided").set_value(True).run()
    page.toggle(key="naive").set_value(True).run()
    assert not page.exception
    english = words_on_the_page(page) - RUSSIAN_PAGE_LATIN
    assert not english, sorted(english)
