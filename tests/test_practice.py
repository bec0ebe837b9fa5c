"""Temperature in practice, without a page: labelled sets read from files (every limit at
its boundary), the numbers the part shows against independent computations, its charts."""

import io
import json
import math
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from scipy import optimize, special

from tempviz.charts import SLIDE, at_stop
from tempviz.charts import calibration as charts
from tempviz.errors import TempvizError
from tempviz.export import render
from tempviz.files import (
    MAX_FILE_BYTES,
    MAX_SET_CELLS,
    MAX_SET_CLASSES,
    read_labelled_set,
)
from tempviz.logits import LogitsError, LogitsLimitError
from tempviz.practice import FINITE_STOPS, LabelledSet, calibrate, dial_stops, distil

ROOT = Path(__file__).resolve().parent.parent


def npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def set_csv(rows: int, classes: int, header: bool = True) -> bytes:
    """``rows`` rows of ``classes`` logits and a label each (row i's label is i mod K)."""
    lines = [",".join([*(f"z{k}" for k in range(classes)), "label"])] if header else []
    lines += [",".join([*("1" if k == i % classes else "0" for k in range(classes)),
                        str(i % classes)]) for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


# -- Reading a labelled set --------------------------------------------------------

@pytest.mark.parametrize("name, data, logits, labels", [
    ("a.csv", b"z0,z1,label\n2,1,0\n0,3,1\n", [[2, 1], [0, 3]], [0, 1]),
    ("a.csv", b"2,1,0\r\n0,3.5e0,1\r\n\r\n", [[2, 1], [0, 3.5]], [0, 1]),  # no header
    ("a.CSV", "\ufeff-1,1,1.0\n".encode(), [[-1, 1]], [1]),  # BOM; a label 1.0 is class 1
    ("a.npz", npz(logits=np.array([[1.0, 2.0], [3.0, 0.0]]), labels=np.array([1, 0])),
     [[1, 2], [3, 0]], [1, 0]),
    ("a.npz", npz(logits=np.array([[1, 2]], dtype=np.int16), labels=np.array([1.0]),
                  extra=np.zeros(3)), [[1, 2]], [1]),  # other arrays are left alone
])
def test_accepted_sets(name, data, logits, labels):
    z, y = read_labelled_set(name, data)
    np.testing.assert_array_equal(z, logits)
    assert y.tolist() == labels and y.dtype == np.int64
    assert not z.flags.writeable and not y.flags.writeable  # shared by every session


@pytest.mark.parametrize("name, data, message", [
    ("a.json", b"[]", "must be a .csv or .npz file, but this one ends in .json"),
    ("a.csv", b"", "holds no rows"),
    ("a.csv", b"z0,z1,label\n", "holds no rows"),
    ("a.csv", b"1,0\n", "row 1 has 2 columns; a row holds at least 2 logits"),
    ("a.csv", b"1,0,0\n1,0,2,1\n", "row 2 has 4 columns but the first row has 3"),
    ("a.csv", b"1,two,0\n", 'row 1, column 2: "two" is not a number'),
    ("a.csv", b"1,nan,0\n", "row 1, column 2 is nan; the logits .* must be finite"),
    ("a.csv", b"1,-inf,0\n", "row 1, column 2 is -inf"),
    ("a.csv", b"1,0,2\n", 'row 1: the label "2" is not a class number from 0 to 1'),
    ("a.csv", b"1,0,-1\n", 'the label "-1" is not a class number'),
    ("a.csv", b"1,0,0.5\n", 'the label "0.5" is not a class number'),
    ("a.csv", b"1,0,0\n1,0,cat\n", 'row 2: the label "cat"'),  # a header comes first
    ("a.csv", b"\xff\xfe1", "UTF-16"),
    ("a.csv", b"1,0,\xff\n", "not UTF-8 text"),
    ("a.npz", b"PK not a zip", "is not an .npz archive"),
    ("a.npz", npz(scores=np.zeros((2, 2))), "must hold two arrays named logits and labels, "
                                            "but it holds: scores"),
    ("a.npz", npz(logits=np.zeros(4), labels=np.zeros(4)), "two dimensions .* shape \\(4,\\)"),
    ("a.npz", npz(logits=np.zeros((2, 2)), labels=np.zeros((2, 1))), "one dimension"),
    ("a.npz", npz(logits=np.array([["a", "b"]]), labels=np.array([0])), "must hold numbers"),
    ("a.npz", npz(logits=np.array([[{}, {}]], dtype=object), labels=np.array([0])),
     "never unpickled"),  # the header says object: refused before any pickle is read
    ("a.npz", npz(logits=np.zeros((2, 1)), labels=np.zeros(2)), "at least 2 classes"),
    ("a.npz", npz(logits=np.zeros((2, 2)), labels=np.zeros(3)), "2 rows of logits but 3"),
    ("a.npz", npz(logits=np.zeros((1, 2)), labels=np.array([np.nan])), 'label "nan"'),
])
def test_every_bad_set_says_what_to_fix(name, data, message):
    with pytest.raises(LogitsError, match=message):
        read_labelled_set(name, data)


def test_a_truncated_npz_array_is_an_error_not_a_crash():
    data = bytearray(npz(logits=np.zeros((50, 4)), labels=np.zeros(50)))
    with pytest.raises(LogitsError):
        read_labelled_set("a.npz", bytes(data[: len(data) // 2]))


# One test per limit, at its boundary: each fails the day its limit changes.

def test_a_set_may_hold_100_000_logits_and_no_more():
    assert MAX_SET_CELLS == 100_000
    z, _ = read_labelled_set("a.npz", npz(logits=np.zeros((50_000, 2)),
                                          labels=np.zeros(50_000, dtype=int)))
    assert z.size == 100_000
    with pytest.raises(LogitsLimitError, match="more than 100,000 logits"):
        read_labelled_set("a.npz", npz(logits=np.zeros((50_001, 2)),
                                       labels=np.zeros(50_001, dtype=int)))
    assert read_labelled_set("a.csv", set_csv(25_000, 4))[0].size == 100_000
    with pytest.raises(LogitsLimitError, match="more than 100,000 logits"):
        read_labelled_set("a.csv", set_csv(25_001, 4))


def test_a_set_may_have_100_classes_and_no_more():
    assert MAX_SET_CLASSES == 100
    assert read_labelled_set("a.csv", set_csv(3, 100))[0].shape == (3, 100)
    with pytest.raises(LogitsLimitError, match="has 101 classes; at most 100"):
        read_labelled_set("a.csv", set_csv(3, 101))


def npz_of_size(size: int) -> bytes:
    """A valid set whose .npz file is exactly ``size`` bytes: one row, and an array of
    other bytes that the reader leaves alone."""
    def made(padding: int) -> bytes:
        return npz(logits=np.array([[0.0, 1.0]]), labels=np.array([1]),
                   padding=np.zeros(padding, dtype=np.uint8))
    padding = size - len(made(0))
    data = made(padding)
    assert len(data) == size
    return data


def test_a_set_file_may_be_10_mb_and_no_more():
    assert MAX_FILE_BYTES == 10_000_000
    assert read_labelled_set("a.npz", npz_of_size(MAX_FILE_BYTES))[0].shape == (1, 2)
    with pytest.raises(LogitsLimitError, match=r"is 10\.0 MB; a file may be at most 10 MB"):
        read_labelled_set("a.npz", npz_of_size(MAX_FILE_BYTES + 1))


def test_an_npz_that_promises_a_huge_array_is_refused_by_its_header():
    # the header says 10⁹ × 2 logits; refused before a byte of data is unpacked
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False,
                                                  "shape": (10**9, 2)})
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("logits.npy", header.getvalue())
        out.writestr("labels.npy", header.getvalue())
    with pytest.raises(LogitsLimitError, match="more than 100,000 logits"):
        read_labelled_set("bomb.npz", archive.getvalue())


# -- The numbers, against independent computations -------------------------------

def reference_nll(z: np.ndarray, y: np.ndarray, t: float) -> float:
    return float(-special.log_softmax(z / t, axis=1)[np.arange(len(y)), y].mean())


def reference_ece(p: np.ndarray, y: np.ndarray, bins: int = 15) -> float:
    """ECE by a plain loop over bins (k / bins, (k + 1) / bins]."""
    confidence, right = p.max(axis=1), p.argmax(axis=1) == y
    total = 0.0
    for k in range(bins):
        inside = (confidence > k / bins) & (confidence <= (k + 1) / bins)
        if inside.any():
            total += inside.sum() * abs(right[inside].mean() - confidence[inside].mean())
    return total / len(y)


def test_the_bundled_set_is_calibrated_as_scipy_finds_it():
    held_out = LabelledSet.bundled()
    z, y = held_out.logits, held_out.labels
    fit = calibrate(held_out)
    best = optimize.minimize_scalar(lambda log_t: reference_nll(z, y, math.exp(log_t)),
                                    bounds=(-3, 3), method="bounded",
                                    options={"xatol": 1e-10})
    assert fit.fitted == pytest.approx(math.exp(best.x), rel=1e-6)
    assert fit.fitted == pytest.approx(2.56, abs=0.005)
    assert fit.before.nll == pytest.approx(reference_nll(z, y, 1.0), rel=1e-12)
    assert fit.after.nll == pytest.approx(reference_nll(z, y, fit.fitted), rel=1e-12)
    p1 = special.softmax(z, axis=1)
    pt = special.softmax(z / fit.fitted, axis=1)
    assert fit.before.ece == pytest.approx(reference_ece(p1, y), abs=1e-12)
    assert fit.after.ece == pytest.approx(reference_ece(pt, y), abs=1e-12)
    assert (round(fit.before.ece, 3), round(fit.after.ece, 3)) == (0.060, 0.015)
    # dividing by T > 0 keeps every row's argmax: the accuracy is the same before and after
    assert fit.before.accuracy == fit.after.accuracy == float((z.argmax(1) == y).mean())
    assert (pt.argmax(axis=1) == p1.argmax(axis=1)).all()


def test_the_dial_runs_over_the_stages_finite_stops_with_t_star_among_them():
    fit = calibrate(LabelledSet.bundled())
    assert set(fit.temperatures) == set(FINITE_STOPS) | {fit.fitted}
    assert fit.temperatures[fit.fitted_stop] == fit.fitted
    assert fit.nll[fit.fitted_stop] == fit.nll.min()  # the curve's lowest point is T*
    assert len(dial_stops()) == len(FINITE_STOPS) == 89


def test_a_separable_set_has_no_t_star():
    with pytest.raises(TempvizError, match="already rank every label first"):
        calibrate(LabelledSet(np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([0, 1])))


def test_distillation_against_a_direct_computation():
    teacher, student = np.array([3.0, 1.0, 0.2, -1.0]), np.array([0.5, 0.4, 0.0, 0.1])
    d = distil(teacher, student)
    for stop in (0, 30, 58, 88):
        t = FINITE_STOPS[stop]
        p, q = special.softmax(teacher / t), special.softmax(student / t)
        np.testing.assert_allclose(d.teacher[stop], p, rtol=1e-12, atol=1e-300)
        # dark knowledge: the probability off the teacher's top class (summed: 1 − p_max
        # would be 0 at T = 0.01, where it is 1.4e-87)
        assert d.dark[stop] == pytest.approx(np.delete(p, p.argmax()).sum(), rel=1e-9)
        kl = float(np.sum(special.rel_entr(p, q)))
        assert d.loss[stop] == pytest.approx(t * t * kl, rel=1e-9, abs=1e-300)
    assert d.temperatures[d.stop] == 4.0
    assert np.all(np.diff(d.dark) >= 0)  # softer targets as T grows, for these logits


def test_dark_knowledge_keeps_its_digits_at_the_lowest_t():
    d = distil([1.0, 0.0], [0.0, 0.0], [0.05])
    # 1 − p_max = 1 / (1 + e^20): subtracting from 1 would keep 8 digits, not 15
    assert d.dark[0] == pytest.approx(1 / (1 + math.exp(20)), rel=1e-14)


# -- Charts -----------------------------------------------------------------------

def test_every_chart_is_bound_by_its_stop_parameter_and_renders_for_slides():
    fit = calibrate(LabelledSet.bundled())
    d = distil(LabelledSet.bundled().logits[0], np.zeros(10))
    built = charts.calibration_charts(fit) | charts.distillation_charts(
        d, [str(k) for k in range(10)])
    assert list(built) == [*charts.CALIBRATION_CHARTS, *charts.DISTILLATION_CHARTS]
    for name, chart in built.items():
        spec = chart.to_dict()
        assert spec["params"][0]["name"] == "stop", name
    slide = charts.calibration_charts(fit, style=SLIDE, lang="ru")["nll"].to_dict()
    svg = render(at_stop(slide, fit.reference_stop), "svg").decode()
    assert "Потеря ниже всего при подобранной T*" in svg and "T* = 2,56" in svg
    assert render(slide, "png")[:8] == b"\x89PNG\r\n\x1a\n"


def test_readouts_are_written_in_the_readers_language_without_e_notation():
    fit = calibrate(LabelledSet.bundled())
    readouts = charts.calibration_readouts(fit, "ru")
    assert readouts[fit.fitted_stop] == ["0,307", "0,015"]
    d = distil([30.0, 0.0], [0.0, 0.0])
    written = [value for row in charts.distillation_readouts(d, "en") for value in row]
    assert not any("e-" in value or "e+" in value for value in written), written
    assert charts.distillation_readouts(d, "en")[0][0] == "0%"  # e^-3000 is 0 in floats
    assert json.dumps(charts.dial_phrases(fit.temperatures, fit.fitted, "ru"),
                      ensure_ascii=False).count("T* = 2,56") == 1


# -- The command line ------------------------------------------------------------

def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tempviz", *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, "LANG": "C.UTF-8"})


def test_the_command_line_writes_the_practice_charts_for_slides(tmp_path):
    result = run_cli("practice", "--out", str(tmp_path), "--formats", "png", "svg",
                     "--teacher-row", "3")
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        f"{name}_T{t}.{fmt}" for name, t in (("reliability", "2.56"), ("nll", "2.56"),
                                            ("soft_targets", "4"), ("dark_knowledge", "4"))
        for fmt in ("png", "svg"))
    svg = (tmp_path / "soft_targets_T4.svg").read_text()
    assert "Soft targets at T = 4" in svg and "teacher: row 3 of the set" in svg
    assert (tmp_path / "nll_T2.56.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_command_line_reads_an_uploaded_set_and_a_typed_teacher(tmp_path):
    rng = np.random.default_rng(5)
    y = rng.integers(0, 3, 200)
    z = rng.normal(0, 1, (200, 3))
    z[np.arange(200), y] += 1.5
    (tmp_path / "held.npz").write_bytes(npz(logits=z * 4, labels=y))
    out = tmp_path / "out"
    result = run_cli("practice", "--set", str(tmp_path / "held.npz"), "--teacher",
                     "cat: 4, dog: 3, car: -2", "--student", "1, 1, 0", "--temperature", "2",
                     "--formats", "svg", "--lang", "ru", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in out.iterdir()) == [
        "dark_knowledge_T2.svg", "nll_T2.svg", "reliability_T2.svg", "soft_targets_T2.svg"]
    assert "held.npz, строк: 200" in (out / "reliability_T2.svg").read_text()


@pytest.mark.parametrize("args, message", [
    (["--teacher-row", "800"], "--teacher-row 800 is beyond the set's 719 rows"),
    (["--teacher-row", "0"], "the row must be a whole number ≥ 1"),
    (["--student", "1, 2"], "The student has 2 logits but the teacher has 10 classes"),
    (["--teacher", "1, x"], '--teacher: item 2 ("x") is not a number'),
    (["--temperature", "inf"], "--temperature must be a finite number > 0 here"),
    (["--set", "no_such_file.csv"], "cannot read no_such_file.csv"),
])
def test_practice_mistakes_are_one_line_and_a_non_zero_exit(tmp_path, args, message):
    result = run_cli("practice", "--out", str(tmp_path / "out"), *args)
    assert result.returncode != 0 and not (tmp_path / "out").exists()
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_set_no_t_calibrates_is_refused_before_anything_is_written(tmp_path):
    (tmp_path / "easy.csv").write_bytes(b"2,0,0\n0,2,1\n")
    result = run_cli("practice", "--set", str(tmp_path / "easy.csv"), "--out",
                     str(tmp_path / "out"))
    assert result.returncode == 2 and "already rank every label first" in result.stderr
    assert not (tmp_path / "out").exists()
