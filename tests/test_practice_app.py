"""The part "Temperature in practice" on the page, run by Streamlit's AppTest: the link
that opens it, T* and both calibration errors for the bundled set and for an upload,
every bad upload explained by the uploader, distillation, and Russian throughout."""

import io
import json
import re
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize, special
from streamlit.testing.v1 import AppTest

from tests.test_i18n import RUSSIAN_PAGE_LATIN, words_on_the_page

APP = Path(__file__).resolve().parent.parent / "app.py"
PRACTICE_CHARTS = ["Reliability at T = 2.56", "The NLL is lowest at the fitted T*",
                   "Soft targets at T = 4", "Dark knowledge grows with T"]


def run_page(**query_params: str) -> AppTest:
    page = AppTest.from_file(str(APP), default_timeout=60)
    page.query_params.update({"lang": "en", **query_params})
    return page.run()


def practice_uploader(page: AppTest):
    return next(u for u in page.get("file_uploader") if u.key == "practice_upload")


def upload(page: AppTest, name: str, content: bytes) -> AppTest:
    practice_uploader(page).set_value((name, content, "application/octet-stream"))
    return page.run()


def table(page: AppTest) -> dict[str, list[str]]:
    """The before/after table, by its rows' first words."""
    frame = page.table[-1].value
    return {row.iloc[0].split(" (")[0].split(",")[0]: list(row.iloc[1:])
            for _, row in frame.iterrows()}


def titles(page: AppTest) -> list[str]:
    """The practice charts' titles as a reader first sees them."""
    shown = []
    for chart in page.get("vega_lite_chart")[-4:]:
        spec = json.loads(chart.proto.spec)
        title = spec["title"]["text"]
        if not isinstance(title, str):
            prefix, phrases = re.fullmatch(r'(".*?") \+ (\[.*\])\[stop\] \+ \'\'',
                                           title["expr"]).groups()
            start = spec["params"][0]["value"]
            title = json.loads(prefix) + json.loads(phrases)[start]
        shown.append(title)
    return shown


def fitted_by_scipy(z: np.ndarray, y: np.ndarray) -> float:
    def nll(log_t: float) -> float:
        return float(-special.log_softmax(z / np.exp(log_t), axis=1)[np.arange(len(y)), y].mean())
    return float(np.exp(optimize.minimize_scalar(nll, bounds=(-4, 4), method="bounded",
                                                 options={"xatol": 1e-10}).x))


def test_the_part_is_closed_and_costs_nothing_until_opened():
    page = run_page()
    assert not page.exception
    assert "Fitted temperature T*" not in [m.label for m in page.metric]
    assert len(page.get("vega_lite_chart")) == 4  # the stage's four


def test_part_practice_opens_it_with_t_star_and_both_errors_for_the_bundled_set():
    page = run_page(part="practice")
    assert not page.exception and not page.error
    assert {m.label: m.value for m in page.metric}["Fitted temperature T*"] == "2.56"
    rows = table(page)
    assert rows["NLL"] == ["0.519", "0.307"]
    assert rows["ECE"] == ["0.060", "0.015"]
    assert rows["accuracy"] == ["91.5%", "91.5%"]  # 658 of 719 right, before and after
    assert any("keeps the largest one the largest" in c.value for c in page.caption)
    assert titles(page) == PRACTICE_CHARTS
    assert page.query_params["part"] == "practice"


def test_every_practice_chart_follows_its_own_dial():
    page = run_page(part="practice")
    specs = [json.loads(chart.proto.spec) for chart in page.get("vega_lite_chart")[-4:]]
    binds = [spec["params"][0]["bind"]["element"] for spec in specs]
    assert binds == ["#tempviz-fit-stop"] * 2 + ["#tempviz-distil-stop"] * 2
    assert all(chart.proto.alt for chart in page.get("vega_lite_chart")[-4:])


def test_opening_the_part_puts_it_in_the_link_and_closing_it_takes_it_out():
    # the expander's click calls the same change(part=…) that this does; AppTest cannot
    # click an expander, and setting its state alone would not call its callback
    page = run_page()
    page.session_state["view"] = replace(page.session_state["view"], part="practice")
    page.run()
    assert "Fitted temperature T*" in [m.label for m in page.metric]
    assert page.query_params["part"] == "practice"
    page.session_state["view"] = replace(page.session_state["view"], part="")
    page.run()
    assert "part" not in page.query_params
    assert "Fitted temperature T*" not in [m.label for m in page.metric]


def test_a_bad_part_in_the_link_gets_a_notice_and_opens_nothing():
    page = run_page(part="calibration")
    assert "must be one of practice" in page.warning[0].value
    assert "Fitted temperature T*" not in [m.label for m in page.metric]


def test_an_uploaded_set_shows_its_own_t_star_and_errors():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 4, 400)
    z = rng.normal(0, 1, (400, 4))
    z[np.arange(400), y] += 2.0
    z *= 3  # overconfident: T* near 3
    buffer = io.BytesIO()
    np.savez(buffer, logits=z, labels=y)
    page = upload(run_page(part="practice"), "mine.npz", buffer.getvalue())
    assert not page.exception and not page.error
    assert any("Showing 400 rows of 4 classes from mine" in s.value for s in page.success)
    metric = {m.label: m.value for m in page.metric}["Fitted temperature T*"]
    assert metric == f"{fitted_by_scipy(z, y):.3g}"
    ece_before = ece(special.softmax(z, axis=1), y)
    ece_after = ece(special.softmax(z / fitted_by_scipy(z, y), axis=1), y)
    assert table(page)["ECE"] == [f"{ece_before:.3f}", f"{ece_after:.3f}"]


def ece(p: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    confidence, right = p.max(axis=1), p.argmax(axis=1) == y
    gaps = [(inside.sum(), abs(right[inside].mean() - confidence[inside].mean()))
            for k in range(bins)
            if (inside := (confidence > k / bins) & (confidence <= (k + 1) / bins)).any()]
    return sum(n * gap for n, gap in gaps) / len(y)


@pytest.mark.parametrize("name, content, message", [
    ("set.csv", b"1,0,5\n", 'row 1: the label "5" is not a class number from 0 to 1'),
    ("set.csv", b"1,two,0\n", 'row 1, column 2: "two" is not a number'),
    ("set.csv", b"", "holds no rows"),
    ("set.npz", b"not a zip", "is not an .npz archive"),
])
def test_a_bad_upload_is_explained_by_the_uploader_and_the_bundled_set_stays(name, content,
                                                                             message):
    page = upload(run_page(part="practice"), name, content)
    assert not page.exception
    assert message in page.error[0].value.replace("\\", "")
    assert {m.label: m.value for m in page.metric}["Fitted temperature T*"] == "2.56"


def test_a_separable_upload_shows_why_no_t_fits():
    page = upload(run_page(part="practice"), "easy.csv", b"2,0,0\n0,2,1\n")
    assert "already rank every label first" in page.error[0].value.replace("\\", "")
    assert not page.exception


def test_the_distillation_teacher_is_a_row_or_typed_and_the_student_must_match():
    page = run_page(part="practice")
    page.number_input(key="practice_row").set_value(3).run()
    assert any("Row 3: the true class is 9" in c.value for c in page.caption)
    page.radio(key="practice_teacher").set_value("typed").run()
    assert titles(page)[2] == "Soft targets at T = 4"
    page.text_input(key="practice_student").set_value("1, 2").run()
    assert "The student has 2 logits but the teacher has 4 classes" in page.error[0].value
    page.text_input(key="practice_student").set_value("4, 3, 1, -2").run()
    assert not page.error
    dial = [e for e in page.main if getattr(e, "type", "") == "bidi_component"][-1]
    readouts = json.loads(dial.proto.json)["readouts"]
    assert all(loss == "0" for _, loss in readouts)  # the student is the teacher: no loss


def test_the_russian_part_speaks_russian():
    page = run_page(lang="ru", part="practice")
    assert not page.exception
    assert {m.label: m.value for m in page.metric}["Подобранная температура T*"] == "2,56"
    english = words_on_the_page(page) - RUSSIAN_PAGE_LATIN
    assert not english, sorted(english)
    specs = json.dumps([json.loads(c.proto.spec)["title"] for c in
                        page.get("vega_lite_chart")[-4:]], ensure_ascii=False)
    assert "Потеря ниже всего при подобранной T*" in specs
