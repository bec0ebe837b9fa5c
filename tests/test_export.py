"""Slide exports and the command line: real files, checked as files."""

import csv
import math
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import tempviz as tv
from tempviz import cli, export
from tempviz.state import View
from tempviz.views import build_charts
from tests import reference

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = tv.parse_logits("1, 2, 5")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def slide_charts():
    return build_charts(EXERCISE, [0.1], 0, View(slide=True))


@pytest.mark.parametrize("view", ["probabilities", "entropy", "samples", "classes"])
def test_png_is_exactly_1920_wide_or_a_16_9_slide(slide_charts, view):
    width, _ = png_size(export.render(slide_charts[view], "png"))
    assert width == 1920  # the README promises 1,920 px, titles and legends included
    assert png_size(export.render(slide_charts[view], "png", "1920x1080")) == (1920, 1080)


def test_an_unknown_size_is_refused_with_the_choices(slide_charts):
    with pytest.raises(ValueError, match="size must be one of 1920, 1920x1080, but '4k'"):
        export.render(slide_charts["entropy"], "png", "4k")


def test_every_chart_names_its_logits(slide_charts):
    svg = export.render(slide_charts["classes"], "svg").decode()
    assert "logits 1, 2, 5" in svg


def test_svg_and_pdf_are_real_files_with_the_chart_text(slide_charts):
    svg = export.render(slide_charts["probabilities"], "svg").decode()
    assert svg.startswith("<svg") and "softmax(z / T) at T = 0.1" in svg
    assert "1 − 9.4×10⁻¹⁴" in svg
    pdf = export.render(slide_charts["probabilities"], "pdf")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


def test_slide_style_has_large_fonts_and_no_tooltips(slide_charts):
    spec = slide_charts["entropy"].to_dict()
    assert spec["config"]["axis"]["labelFontSize"] >= 20
    assert "tooltip" not in str(spec["layer"][2]["encoding"])


def test_unknown_format_is_refused_with_the_choices(slide_charts):
    with pytest.raises(ValueError, match="fmt must be one of png, svg, pdf, but 'gif'"):
        export.render(slide_charts["entropy"], "gif")


@pytest.mark.parametrize("t, name", [(0.1, "probabilities_T0.1.png"), (0, "probabilities_T0.png"),
                                     (math.inf, "probabilities_Tinf.png"),
                                     (0.015, "probabilities_T0.015.png")])
def test_file_names_say_the_temperature(t, name):
    assert export.file_name("probabilities", t, "png") == name


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, newline="") as table:
        return list(csv.DictReader(table))


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tempviz", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_writes_a_whole_lecture(tmp_path):
    result = run_cli("export", "--logits", "1, 2, 5", "--temperatures", "0.1", "1", "10",
                     "--out", str(tmp_path / "slides"))
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in (tmp_path / "slides").iterdir())
    expected = sorted(f"{view}_T{t}.{fmt}"
                      for view in ("probabilities", "entropy", "samples", "classes")
                      for t in ("0.1", "1", "10") for fmt in ("png", "svg"))
    assert files == sorted([*expected, "probabilities.csv"])
    assert png_size((tmp_path / "slides" / "entropy_T10.png").read_bytes())[0] >= 1920
    rows = read_csv(tmp_path / "slides" / "probabilities.csv")
    assert [row["label"] for row in rows] == ["z1", "z2", "z3"]
    for t in (0.1, 1, 10):
        column = [float(row[f"T={t:g}"]) for row in rows]
        assert column == pytest.approx(reference.softmax([1, 2, 5], t), rel=1e-14, abs=0)


def test_cli_limits_and_pdf(tmp_path):
    result = run_cli("export", "--logits", "a: 1, b: 1, c: 0", "--temperatures", "0", "inf",
                     "--formats", "pdf", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "probabilities_T0.pdf").read_bytes().startswith(b"%PDF")
    rows = read_csv(tmp_path / "probabilities.csv")
    assert [float(r["T=0"]) for r in rows] == [0.5, 0.5, 0.0]  # tied maxima share the mass
    assert [float(r["T=inf"]) for r in rows] == pytest.approx([1 / 3] * 3)


def test_cli_help_explains_every_option():
    result = run_cli("export", "--help")
    assert result.returncode == 0
    for option in ("--logits", "--temperatures", "--out", "--formats", "--style", "--unit",
                   "--samples", "--seed", "--log-scale"):
        assert option in result.stdout


@pytest.mark.parametrize("args, message", [
    (["export", "--logits", "1, two"], 'item 2 ("two") is not a number'),
    (["export", "--logits", "1", "--temperatures", "-1"], "T must be a number ≥ 0 or inf"),
    (["export", "--logits", "1", "--formats", "gif"], "invalid choice: 'gif'"),
    (["export", "--logits", "1", "--samples", "0"], "--samples must be one of 10, 20, 50"),
    (["export", "--logits", "1", "--samples", "²"], "100000, but '²' was given"),
    (["export", "--logits", "1", "--seed", "²"], "from 0 to 4,294,967,295, but '²' was given"),
    (["export", "--logits", "1", "--seed", "4294967296"], "the seed must be a whole number"),
    (["export"], "the following arguments are required: --logits"),
    (["export", "--logits", "1", "--out", "/proc/no/such/folder"], "cannot write to"),
    ([], "required: command"),
])
def test_cli_mistakes_are_one_line_and_a_non_zero_exit(args, message):
    result = run_cli(*args)
    assert result.returncode != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_cli_speaks_russian_when_asked():
    result = run_cli("export", "--lang", "ru", "--logits", "1", "--formats", "gif")
    assert result.returncode == 2
    assert "ошибка" in result.stderr and "недопустимое значение 'gif'" in result.stderr
    assert "параметры" in run_cli("export", "--help", "--lang", "ru").stdout


def test_a_russian_call_leaves_every_other_argparse_parser_in_english(capsys):
    # the CLI used to replace argparse's message hook for the whole process
    import argparse

    from tempviz.cli import main
    with pytest.raises(SystemExit):
        main(["export", "--lang", "ru"])  # --logits missing: a Russian one-line error
    assert "обязательн" in capsys.readouterr().err
    other = argparse.ArgumentParser(prog="other")
    other.add_argument("--needed", required=True)
    with pytest.raises(SystemExit):
        other.parse_args([])
    assert "the following arguments are required: --needed" in capsys.readouterr().err


@pytest.mark.parametrize("asked", [[], ["--size", "1920"]])
def test_cli_fills_16_9_slides_unless_asked_otherwise(tmp_path, asked):
    done = subprocess.run([sys.executable, "-m", "tempviz", "export", "--logits", "1, 2, 5",
                           "--temperatures", "1", "--formats", "png", *asked,
                           "--out", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    width, height = png_size((tmp_path / "entropy_T1.png").read_bytes())
    assert width == 1920 and (height == 1080) == (not asked)


@pytest.mark.parametrize(("typed", "taken"), [("10", True), ("100000", True), ("5", False),
                                              ("200000", False), ("1000.0", False)])
def test_the_command_line_takes_the_sample_sizes_a_link_takes(typed, taken):
    link_notices = tv.View.from_query({"n": typed})[1]
    try:
        cli.build_parser().parse_args(["export", "--logits", "1, 2", "--samples", typed])
        parsed = True
    except SystemExit:
        parsed = False
    assert (not link_notices) == taken and parsed == taken


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_slide_is_drawn_in_one_sans_serif_face_powers_of_ten_included(lang):
    # Liberation Sans, vl-convert's own font, has no superscript minus: a label holding
    # "10⁻¹⁸" was drawn, every letter of it, in a serif fallback (DejaVu Serif here)
    built = build_charts(tv.parse_logits("1, 2, 5"), [0.1], 0,
                         View(slide=True, lang=lang, log_scale=True))
    for name, chart in built.items():
        faces = set(re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([^\s/]+)", export.render(chart, "pdf")))
        assert faces == {b"DejaVuSans", b"DejaVuSans-Bold"}, (name, faces)


def test_the_slide_font_ships_in_the_size_the_readme_gives():
    # README: "DejaVu Sans (Book and Bold, under 330 KB with the Bitstream Vera licence…)"
    shipped = {path.name: path.stat().st_size for path in export.FONTS.iterdir()}
    assert set(shipped) == {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"}
    assert sum(shipped.values()) < 330_000
