"""The page, run by Streamlit's AppTest: what it shows for each input, URL and mistake."""

import json
import math
import re
from pathlib import Path

import pyarrow
import pytest
from streamlit.testing.v1 import AppTest

import tempviz as tv
from tempviz.presets import preset_typed, presets
from tempviz.state import STOPS
from tests import reference

PRESETS = presets("en")

APP = Path(__file__).resolve().parent.parent / "app.py"


def run_page(**query_params: str) -> AppTest:
    page = AppTest.from_file(str(APP), default_timeout=60)
    page.query_params.update({"lang": "en", **query_params})
    return page.run()


# A model of what Streamlit's Markdown does to text, to check user text without a browser.
# CommonMark acts only on ASCII punctuation, so every such mark must come escaped; then,
# on the parsed text (escapes resolved), Streamlit's remark plugins rewrite these:
AUTOLINK = re.compile(r"(https?://|www(?=\.))[-.\w]+", re.IGNORECASE | re.ASCII)  # GFM
EMAIL = re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+", re.ASCII)
SHORTCODE = re.compile(r":[\w+-]+:", re.ASCII)  # emoji, :material_x:, :streamlit:
ARROW = re.compile(r"(?:^|\s)(?:<->|->|<-|--|>=|<=|~=)(?:\s|$)")
PUNCTUATION = r"[!-/:-@\[-`{-~]"


def reader_sees(markdown: str) -> str:
    """The text a reader sees for user text Streamlit renders as Markdown; fails if any
    part of it would become markup (a link, an icon, an emoji, an arrow, HTML, a block)."""
    lines = markdown.split("\\\n")  # hard breaks between the text's own lines
    for line in lines:
        assert not re.search(PUNCTUATION, re.sub(rf"\\{PUNCTUATION}", "", line)), line
        assert "\n" not in line and "\r" not in line, "a line break that is no hard break"
        assert line.strip(" \t"), "a blank line would end the paragraph or list item"
    text = "\n".join(re.sub(rf"\\({PUNCTUATION})", r"\1", line) for line in lines)
    for rewrite in (AUTOLINK, EMAIL, SHORTCODE, ARROW):
        assert not rewrite.search(text), (rewrite.pattern, text)
    # a no-break space stands for a leading space, or alone for an empty line
    return re.sub(r"^\xa0$", "", text, flags=re.MULTILINE).replace("\u2060", "").replace(
        "\xa0", " ")


def stage(page: AppTest) -> dict:
    """What the page hands the stage's temperature control: its stop, the phrase and
    the readouts at every stop."""
    control = next(element for element in page.main
                   if getattr(element, "type", "") == "bidi_component")
    return json.loads(control.proto.json)


def temperature(page: AppTest) -> float:
    return STOPS[stage(page)["stop"]]


def readouts(page: AppTest) -> dict[str, str]:
    """The readouts the stage shows at its stop."""
    data = stage(page)
    return dict(zip(data["readout_names"], data["readouts"][data["stop"]]))


def chart_specs(page: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in page.get("vega_lite_chart")]


def chart_titles(page: AppTest) -> list[str]:
    """The titles a reader sees at the stage's T: a fixed text, or the text the stage's
    stop picks from the title's expression."""
    titles = []
    for spec in chart_specs(page):
        title = spec["title"]["text"]
        if not isinstance(title, str):
            prefix, phrases = re.fullmatch(r'(".*?") \+ (\[.*\])\[stop\] \+ \'\'',
                                           title["expr"]).groups()
            title = json.loads(prefix) + json.loads(phrases)[stage(page)["stop"]]
        titles.append(title)
    return titles


def shown(markdown: str) -> str:
    """The text a reader sees for Markdown whose punctuation is backslash-escaped."""
    return re.sub(r"\\(.)", r"\1", markdown)


def metrics(page: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in page.metric}


def test_default_page_shows_the_exercise_at_t_1():
    page = run_page()
    assert not page.exception and not page.error
    assert page.text_area(key="logits").value == "1, 2, 5"
    assert temperature(page) == 1.0
    assert chart_titles(page)[:4] == [
        "softmax(z / T) at T = 1", "Entropy grows with temperature",
        "1,000 samples drawn at T = 1", "Each class across temperatures, marked at T = 1"]
    assert readouts(page)["Largest probability"] == "0.936 (z3)"
    table = page.dataframe[0].value
    assert list(table["probability"]) == ["0.017", "0.047", "0.936"]


def test_every_chart_is_bound_to_the_one_temperature_control():
    page = run_page()
    for spec in chart_specs(page):
        assert spec["params"][0]["bind"] == {"element": "#tempviz-stop"}
    assert len(stage(page)["phrases"]) == len(STOPS)


def test_every_chart_has_a_text_alternative_and_the_control_reads_out_each_t():
    page = run_page()
    alts = [chart.proto.alt for chart in page.get("vega_lite_chart")]
    assert alts[0].startswith("Bar chart of each class's probability at the temperature")
    assert len(alts) == 4 and all(alts)
    described = dict(zip(STOPS, stage(page)["described"]))
    assert described[1.0].startswith(
        "Bar chart of probabilities at T = 1: z1 0.017, z2 0.047, z3 0.936.")
    assert "T → ∞ it is 1.585 bits" in described[math.inf]


def test_moving_t_changes_no_chart_spec_so_the_browser_never_redraws_a_chart_anew():
    one, other = run_page(T="1"), run_page(T="0.1")
    assert [(chart.proto.spec, chart.proto.alt) for chart in one.get("vega_lite_chart")] == [
        (chart.proto.spec, chart.proto.alt) for chart in other.get("vega_lite_chart")]


def test_the_readouts_at_every_stop_are_the_numbers_at_that_stop():
    page = run_page()
    data = stage(page)
    at = dict(zip(STOPS, data["readouts"]))
    # never "1.00", never "4.2e-12"
    assert at[0.1] == ["4.2×10⁻¹² bits", "1 + 2.9×10⁻¹²", "1 − 9.4×10⁻¹⁴ (z3)"]
    assert at[35.0][1] == "2.996"  # e^H < 3 classes: never rounded up to a false "3.00"
    assert at[math.inf] == ["1.585 bits", "3.00", "0.333 each (all 3 classes)"]  # a tie, named
    assert at[0.0] == ["0 bits", "1.00", "1 (z3)"]


def test_the_entropy_readout_at_t_0_05_keeps_its_last_digits():
    # H(0.05) of 1, 2, 5 is about 8.8e-25 bits: the old sum − top lost its second digit
    bits = reference.exact([1, 2, 5], 0.05)[2]
    page = run_page(T="0.05")
    assert f"{bits:.1e}" == "7.7e-25"
    assert readouts(page)["Entropy H"] == "7.7×10⁻²⁵ bits"


@pytest.mark.parametrize("preset", PRESETS, ids=[p.name for p in PRESETS])
def test_every_preset_fills_the_box_and_redraws(preset):
    page = run_page()
    next(b for b in page.button if b.label == preset.name).click().run()
    assert not page.exception and not page.error
    assert page.text_area(key="logits").value == preset.text
    rows = page.dataframe[0].value
    assert list(rows["class"]) == tv.parse_logits(preset.text).labels
    assert page.query_params["logits"] == preset.text


def test_a_preset_is_recognised_whatever_its_spacing():
    exercise = PRESETS[0]
    assert preset_typed("  1,\n2 ,\t5 ") == exercise
    assert preset_typed("1, 2, 5, 0") is None
    assert preset_typed("1, 2, 5" + ", 0" * 50_000) is None  # read only as far as it must


def test_url_opens_exactly_that_state():
    page = run_page(logits="1,2,5", T="0.1")
    assert page.text_area(key="logits").value == "1,2,5"
    assert temperature(page) == 0.1
    assert chart_titles(page)[0] == "softmax(z / T) at T = 0.1"
    assert list(page.dataframe[0].value["probability"]) == [
        "4.2×10⁻¹⁸", "9.4×10⁻¹⁴", "1 − 9.4×10⁻¹⁴"]
    assert not page.warning


@pytest.mark.parametrize("t, title, top", [("0", "softmax(z / T) at T → 0", "1"),
                                           ("inf", "softmax(z / T) at T → ∞", "0.333 each")])
def test_url_opens_the_limits(t, title, top):
    page = run_page(logits="1,2,5", T=t)
    assert chart_titles(page)[0] == title
    assert readouts(page)["Largest probability"].split(" (")[0] == top
    assert page.query_params["T"] == t


@pytest.mark.parametrize("t, notice", [("abc", "ignored"), ("-1", "ignored"),
                                       ("0.33", "nearest, T = 0.35")])
def test_nonsense_temperature_in_the_url_gets_a_notice(t, notice):
    page = run_page(T=t)
    assert not page.exception
    assert notice in reader_sees(page.warning[0].value)


def test_url_follows_the_inputs():
    page = run_page(T="10")
    page.text_area(key="logits").set_value("0, 4, 5").run()
    assert page.query_params["T"] == "10"
    assert page.query_params["logits"] == "0, 4, 5"
    page.toggle(key="log_scale").set_value(True).run()
    assert page.query_params["log"] == "1"


@pytest.mark.parametrize("text, message", [("1, two, 5", 'item 2 ("two") is not a number'),
                                           ("1, 2, +inf", "only -inf is allowed"),
                                           ("", "no logits found")])
def test_bad_logits_show_an_error_keep_the_text_and_the_charts(text, message):
    page = run_page()
    page.text_area(key="logits").set_value(text).run()
    assert not page.exception
    assert message in shown(page.error[0].value)
    assert page.text_area(key="logits").value == text
    assert len(chart_specs(page)) == 4  # still the last logits that could be read


def test_bad_logits_in_the_url_show_the_error_next_to_the_box():
    page = run_page(logits="1, <b>x</b>")
    assert not page.exception
    assert "is not a number" in shown(page.error[0].value)
    assert page.text_area(key="logits").value == "1, <b>x</b>"


def test_decimal_commas_are_explained():
    page = run_page(logits="1,5; 2,5")
    assert "decimal commas" in page.info[0].value


def test_draw_again_changes_the_seed_and_the_samples():
    page = run_page(T="10")
    before = list(page.dataframe[0].value["drawn"])
    next(b for b in page.button if b.label == "Draw again").click().run()
    assert page.number_input(key="seed").value == 1
    assert page.query_params["seed"] == "1"
    assert list(page.dataframe[0].value["drawn"]) != before


def test_units_and_log_axis_switch():
    page = run_page()
    page.radio(key="unit").set_value("nats").run()
    assert readouts(page)["Entropy H"].endswith("nats")
    page.toggle(key="log_scale").set_value(True).run()
    assert chart_specs(page)[0]["layer"][0]["encoding"]["y"]["scale"]["type"] == "log"


def test_markup_in_bad_logits_is_shown_literally():
    page = run_page()
    page.text_area(key="logits").set_value("**bold**, 2").run()
    assert r"\*\*bold\*\*" in page.error[0].value  # escaped, so no bold text
    assert '"**bold**"' in shown(page.error[0].value)
    page.text_area(key="logits").set_value("[x](#top), 2").run()
    assert r"\[x\]\(\#top\)" in page.error[0].value  # escaped, so no link
    page.text_area(key="logits").set_value("<script>alert(1)</script>").run()
    assert r"\<script\>" in page.error[0].value


def chain_text(page: AppTest) -> str:
    return next(m.value for m in page.caption if m.value.startswith("Chain:"))


@pytest.mark.parametrize("order, survivors", [("first", ["1", "0", "0"]),
                                               ("last", ["0.881", "0.119", "0"])])
def test_url_opens_a_chain_in_either_order(order, survivors):
    page = run_page(logits="3, 2, 1", T="0.5", top_p="0.8", order=order)
    assert list(page.dataframe[0].value["probability"]) == survivors
    expected = ("logits → T=0.5 → top-p 0.8 → sample" if order == "first"
                else "logits → top-p 0.8 → T=0.5 → sample")
    assert expected in chain_text(page)
    assert page.query_params["top_p"] == "0.8"


def test_switching_a_cut_on_updates_the_bars_and_the_url():
    page = run_page(logits="0.1, 0.2, 0.3, 0.4")
    page.toggle(key="top_k_on").set_value(True).run()
    assert page.query_params["top_k"] == "2"
    assert list(page.dataframe[0].value["probability"])[:2] == ["0", "0"]
    assert "before the cuts" in " ".join(chart_specs(page)[0]["title"]["subtitle"])
    page.toggle(key="top_k_on").set_value(False).run()
    assert "top_k" not in page.query_params


@pytest.mark.parametrize("name, value", [("top_k", "abc"), ("top_k", "0"), ("top_p", "2"),
                                         ("min_p", "-0.5")])
def test_nonsense_cuts_in_the_url_stay_off_with_a_notice(name, value):
    page = run_page(**{name: value})
    assert not page.exception
    assert f"The link's {name} was ignored: {name} must be" in reader_sees(
        page.warning[0].value)
    assert not page.toggle(key=f"{name}_on").value


def replies_metric(page: AppTest) -> int:
    return int(metrics(page)["Different replies among 20"])


def test_chatbot_repeats_itself_at_low_t_and_rambles_at_high_t():
    chatbot = next(p for p in PRESETS if p.name == "Chatbot replies")
    cold = run_page(logits=chatbot.text, T="0.1")
    hot = run_page(logits=chatbot.text, T="10")
    assert replies_metric(cold) == 1
    assert replies_metric(hot) >= 6


def repeated_phrases(page: AppTest) -> float:
    return float(metrics(page)["Repeated three-word phrases"].rstrip("%")) / 100


def generated_text(page: AppTest) -> str:
    return next(m.value for m in page.markdown if m.value.startswith("> "))


def test_generated_text_loops_at_low_t_and_varies_at_high_t():
    cold, hot = run_page(T="0"), run_page(T="10")
    assert repeated_phrases(cold) > 0.2
    assert repeated_phrases(hot) < 0.05
    assert generated_text(cold) != generated_text(hot)


CYRILLIC_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)
LATIN_WORD = re.compile(r"[a-z]+", re.IGNORECASE)


def test_a_russian_page_s_model_writes_russian_and_t_changes_what_it_writes():
    # its default text was Python's English documentation, on the Russian page too
    written = {t: generated_text(run_page(lang="ru", T=t)) for t in ("0", "0.5", "1", "10")}
    for text in written.values():
        cyrillic, latin = len(CYRILLIC_WORD.findall(text)), len(LATIN_WORD.findall(text))
        assert cyrillic >= 40 and latin <= 0.2 * cyrillic, text  # Latin: T, z, exp
    assert len(set(written.values())) == 4
    cold, hot = run_page(lang="ru", T="0"), run_page(lang="ru", T="10")
    assert float(metrics(cold)["Повторы трёх слов подряд"].rstrip(" %\xa0")) > 20
    assert float(metrics(hot)["Повторы трёх слов подряд"].rstrip(" %\xa0")) < 10


def test_pasted_training_text_that_is_too_short_gets_a_message():
    page = run_page()
    page.radio(key="corpus").set_value("paste").run()
    page.text_area(key="corpus_text").set_value("too short").run()
    assert not page.exception
    assert "at least 8 words" in shown(page.error[0].value)


def test_too_many_logits_in_the_url_fall_back_to_the_default_with_a_notice():
    # 200,000 logits: past tempviz's limit, within Streamlit's 524,288-character query string
    page = run_page(logits=" ".join(["1"] * 200_000))
    assert not page.exception
    assert "The link's logits was ignored: 200,000 logits were given" in reader_sees(
        page.warning[0].value)
    assert page.text_area(key="logits").value == "1, 2, 5"


def test_many_classes_show_the_top_bars_and_a_bar_for_the_others():
    text = ", ".join(str(i % 97) for i in range(5_000))
    page = run_page()  # typed: a link this long is refused (test_hardening)
    page.text_area(key="logits").set_value(text).run()
    assert not page.exception and not page.error
    assert "4,990 others" in stage(page)["described"][0]  # 10 read out, the rest summed
    assert len(page.dataframe[0].value) == 101  # 100 classes and the rest summed
    assert "logits" not in page.query_params  # far too long for a link


def test_markup_in_labels_is_shown_literally():
    page = run_page(logits="<b>bold</b>: 2\n**star**: 1\n[link](http://x): 0", T="inf")
    replies = "\n".join(m.value for m in page.markdown if m.value.startswith("1."))
    assert r"\<b\>bold\</b\>" in replies or r"\*\*star\*\*" in replies or r"\[link\]" in replies
    assert "<b>" not in replies.replace(r"\<b\>", "")


def test_typical_p_runs_end_to_end_from_its_switch_to_the_link_and_the_chain():
    page = run_page(logits="-0.6931, -1.204, -1.6094")  # log 0.5, log 0.3, log 0.2
    page.toggle(key="typical_p_on").set_value(True).run()
    page.select_slider(key="typical_p").set_value(0.25).run()
    assert page.query_params["typical_p"] == "0.25"
    assert "T=1 → typical-p 0.25 → sample" in chain_text(page)
    # only 0.3, the most typical, stays: typical-p removed the most probable token
    assert list(page.dataframe[0].value["probability"]) == ["0", "1", "0"]


def test_the_order_buttons_write_and_clear_order_in_the_link():
    page = run_page(logits="3, 2, 1", top_p="0.8")
    page.button(key="order_last").click().run()
    assert page.query_params["order"] == "last"
    assert "top-p 0.8 → T=1" in chain_text(page)
    page.button(key="order_first").click().run()
    assert "order" not in page.query_params


def test_any_order_is_drawn_in_the_chain_and_carried_by_the_link():
    page = run_page(logits="3, 2, 1", top_p="0.8", top_k="2")
    assert "T=1 → top-k 2 → top-p 0.8 → sample" in chain_text(page)
    page.button(key="earlier_top_p").click().run()  # top-p before top-k
    assert "T=1 → top-p 0.8 → top-k 2 → sample" in chain_text(page)
    assert page.query_params["order"] == "temperature,top_p,top_k"
    page.button(key="earlier_top_p").click().run()  # and before temperature
    assert "top-p 0.8 → T=1 → top-k 2 → sample" in chain_text(page)
    reopened = run_page(**{key: page.query_params[key] for key in page.query_params})
    assert "top-p 0.8 → T=1 → top-k 2 → sample" in chain_text(reopened)


def test_an_old_link_with_order_last_keeps_working():
    page = run_page(logits="3, 2, 1", top_p="0.8", top_k="2", order="last")
    assert "top-k 2 → top-p 0.8 → T=1 → sample" in chain_text(page)


def test_fifty_bars_of_a_large_vocabulary_hold_every_stop():
    # 91 stops × 51 bars × 2 series is past Altair's 5,000-row guard: the charts must not
    # refuse their own data (they did, with MaxRowsError, at 50 bars)
    page = run_page(bars="50")
    page.text_area(key="logits").set_value(", ".join(str(i % 97) for i in range(5_000))).run()
    assert not page.exception and len(page.get("vega_lite_chart")) == 4


def test_at_infinite_temperature_with_top_k_two_every_number_is_the_limit_of_finite_t():
    # every finite T keeps z2 and z3, so T → ∞ splits the mass between them: 1 bit
    page = run_page(T="inf", top_k="2")
    assert list(page.dataframe[0].value["probability"]) == ["0", "0.500", "0.500"]
    shown = readouts(page)
    assert shown["Entropy H"] == "1.000 bits"
    assert shown["Largest probability"] == "0.500 each (z2, z3)"
    assert "T → ∞ limit: 1.000 bits" in chart_texts(page)


def chart_texts(page: AppTest) -> list[str]:
    """Every text the charts' data hold (the entropy chart's limit labels among them)."""
    written = []
    for chart in page.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:
            table = pyarrow.ipc.open_stream(dataset.data.data).read_all()
            if "text" in table.column_names:
                written += table.column("text").to_pylist()
    return written


def test_a_tie_among_every_class_is_named_as_one():
    page = run_page(T="inf")
    assert readouts(page)["Largest probability"] == "0.333 each (all 3 classes)"
    russian = run_page(T="inf", lang="ru")
    assert readouts(russian)["Наибольшая вероятность"] == "по 0,333 (все 3 класса)"
    assert readouts(run_page(T="inf", logits="1, 2"))["Largest probability"] == (
        "0.500 each (both classes)")


@pytest.mark.parametrize(("query", "kept"), [
    ({"T": "inf", "top_p": "0.5"}, [1, 2]), ({"T": "inf", "top_k": "2"}, [1, 2]),
    ({"T": "inf", "typical_p": "0.5"}, [0, 1]), ({"T": "0", "typical_p": "0.5", "order": "last"},
                                                 [2]),
    ({"T": "inf", "top_n_sigma": "1"}, [2]), ({"T": "inf", "min_p": "0.5"}, [0, 1, 2])])
def test_the_page_at_a_limit_shows_the_limit_of_finite_t(query, kept):
    # the classes every large (small) finite T keeps for 1, 2, 5, shown in the table and
    # named by the formula
    page = run_page(logits="1, 2, 5", **query)
    shown = [float(p) for p in page.dataframe[0].value["probability"]]
    assert [i for i, p in enumerate(shown) if p > 0] == kept
    latex = page.latex[0].value
    assert (rf"\frac{{1}}{{{len(kept)}}}" if len(kept) > 1 else "} 1 \\text") in latex


def test_top_n_sigma_says_it_keeps_the_same_classes_at_every_temperature():
    for t in ("0.1", "1", "inf"):
        page = run_page(logits="1, 2, 5, 4.5", T=t, top_n_sigma="1")
        note = next(c.value for c in page.caption if c.value.startswith("Top-nσ"))
        note = note.replace("\\", "")  # the labels come escaped for Markdown
        assert "≥ max z − n·σ = 3.33 (z3, z4) at every T" in note  # 5 − 1.67
