"""tempviz installs as a package and works outside the repository.

One fresh virtual environment per run, built once for this module: it sees the
site-packages of the environment running the tests (numpy, pandas, altair, vl-convert,
pip and setuptools as requirements-dev.txt installs them: nothing is downloaded) and gets
tempviz installed with pip from a copy of the repository. Every
check then runs that environment's Python in a temporary folder, so the only tempviz it
can import is the installed one, and the wheel holds exactly the library.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README_MARKER = "<!-- notebook example: tests/test_install.py runs this block -->"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SLIDE_WIDTH = 1920
CHARTS = ("probabilities", "entropy", "samples", "classes")
TOP_LEVEL = ("softmax", "top_k", "top_p", "min_p", "chain")
RUNTIME_DEPENDENCIES = {"numpy", "pandas", "altair", "vl-convert-python", "babel"}
# `pip install .[poll]`: what tempviz.poll adds, and only it
EXTRAS = {"poll": {"sqlalchemy"}}
# What a working copy holds that is not source: left out of the copy that pip builds.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", ".benchmarks",
    "artifacts", "slides", "build", "dist", "*.egg-info")

# Run as `python -c PROBE NAME...`: the names must be callables at tempviz's top level.
PROBE = """
import json, sys
import tempviz as tv
import tempviz.charts, tempviz.cli, tempviz.export
print(json.dumps({
    "file": tv.__file__,
    "missing": [name for name in sys.argv[1:] if not callable(getattr(tv, name, None))],
    "streamlit": "streamlit" in sys.modules,
    "path": sys.path,
}))
"""


@dataclass(frozen=True)
class Installed:
    python: Path  # the environment's interpreter
    venv: Path
    source: Path  # the copy of the repository that pip built
    wheel: Path
    work: Path    # a folder outside the repository to run in


def run(*command: object, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run a command; on failure, fail the test with everything it printed."""
    env = {key: value for key, value in os.environ.items()
           if key not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}}
    env |= {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=timeout, check=False)
    if done.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} exited {done.returncode}\n"
                    f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}", pytrace=False)
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    if importlib.util.find_spec("setuptools.command.bdist_wheel") is None:
        pytest.fail("setuptools>=70.1 is needed to build the wheel without build isolation: "
                    "pip install -r requirements-dev.txt", pytrace=False)
    base = tmp_path_factory.mktemp("install")
    # pip builds in the source tree (build/, *.egg-info): build in a copy, not in the repo.
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    # Without a pip of its own the environment uses the test run's pip and setuptools; its
    # own would bring Python 3.11's bundled setuptools 65, which cannot build a wheel. It
    # sees the test run's packages through a .pth file: --system-site-packages would show
    # the base interpreter's instead whenever the tests run in a virtual environment (a
    # venv made from a venv's Python links to the base installation).
    venv = base / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=base)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    inner = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                cwd=base).stdout.strip()
    outer = [path for path in sys.path if path.endswith("site-packages")]
    (Path(inner) / "test-run-packages.pth").write_text("\n".join(outer) + "\n")
    wheels = base / "wheels"
    run(python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", source,
        "-w", wheels, cwd=base)
    run(python, "-m", "pip", "install", "--no-deps", "--no-build-isolation", source, cwd=base)
    work = base / "work"
    work.mkdir()
    [wheel] = wheels.glob("tempviz-*.whl")
    return Installed(python=python, venv=venv, source=source, wheel=wheel, work=work)


@pytest.fixture(scope="module")
def probe(installed: Installed) -> dict:
    """What importing the installed tempviz and its chart, export and CLI modules shows."""
    done = run(installed.python, "-c", PROBE, *TOP_LEVEL, cwd=installed.work)
    return json.loads(done.stdout.splitlines()[-1])


def png_width(path: Path) -> int:
    """A PNG's width in pixels, from its IHDR header; fails if the file is no PNG."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR", f"{path.name} has no IHDR header"
    return struct.unpack(">I", data[16:20])[0]


def test_the_installed_copy_is_imported_not_the_repository(probe: dict, installed: Installed):
    imported = Path(probe["file"]).resolve()
    assert imported.is_relative_to(installed.venv.resolve()), imported
    assert not imported.is_relative_to(ROOT), imported
    assert str(ROOT) not in probe["path"]


def test_the_public_api_is_at_the_top_level(probe: dict):
    assert probe["missing"] == [], f"not at the top level of tempviz: {probe['missing']}"


def test_the_library_does_not_import_streamlit(probe: dict):
    assert not probe["streamlit"], "importing tempviz (charts, export, cli) loaded streamlit"


def test_the_command_line_exports_pngs(installed: Installed):
    out = installed.work / "slides"
    run(installed.python, "-m", "tempviz", "export", "--logits", "1, 2, 5",
        "--temperatures", "1", "--formats", "png", "--out", out, cwd=installed.work)
    for view in CHARTS:
        path = out / f"{view}_T1.png"
        assert path.is_file(), f"{path.name} not written; found {sorted(os.listdir(out))}"
        assert png_width(path) >= SLIDE_WIDTH


def test_the_slide_font_ships_in_the_wheel(installed: Installed):
    # without it, an installed copy's slides would draw powers of ten in a serif fallback
    names = zipfile.ZipFile(installed.wheel).namelist()
    assert {"tempviz/fonts/DejaVuSans.ttf", "tempviz/fonts/DejaVuSans-Bold.ttf",
            "tempviz/fonts/LICENSE"} <= set(names)


def test_the_bundled_calibration_set_ships_and_loads(installed: Installed):
    assert "tempviz/data/digits_mlp.npz" in zipfile.ZipFile(installed.wheel).namelist()
    done = run(installed.python, "-c", "import json, tempviz.calibration as c; "
               "logits, labels = c.bundled(); print(json.dumps({'file': c.__file__, "
               "'shape': logits.shape, 'rows': len(labels), "
               "'fitted': c.fit_temperature(logits, labels)}))", cwd=installed.work)
    found = json.loads(done.stdout.splitlines()[-1])
    assert Path(found["file"]).resolve().is_relative_to(installed.venv.resolve()), found["file"]
    assert found["shape"][0] == found["rows"] >= 300 and found["fitted"] > 1


def test_the_wheel_holds_the_library_and_nothing_else(installed: Installed):
    names = zipfile.ZipFile(installed.wheel).namelist()
    modules = {name for name in names if name.endswith(".py")}
    expected = {path.relative_to(installed.source).as_posix()
                for path in (installed.source / "tempviz").rglob("*.py")}
    assert modules == expected, (f"missing: {sorted(expected - modules)}, "
                                 f"unexpected: {sorted(modules - expected)}")
    assert {"tempviz/__init__.py", "tempviz/i18n/__init__.py"} <= modules
    tops = {name.split("/")[0] for name in names} - {"tempviz"}
    assert len(tops) == 1 and tops.pop().endswith(".dist-info"), tops
    assert not [name for name in names
                if name.startswith(("page/", "bench/", "tests/", "app.py"))]


def test_the_wheel_requires_the_library_dependencies_only(installed: Installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        [metadata] = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
        lines = wheel.read(metadata).decode().splitlines()
    required: dict[str | None, set[str]] = {}
    for line in lines:
        if line.startswith("Requires-Dist:"):
            requirement = line.removeprefix("Requires-Dist:").strip()
            extra = re.search(r"extra\s*==\s*[\"']([^\"']+)", requirement)
            name = re.split(r"[\s<>=!~;\[(]", requirement)[0].lower()
            required.setdefault(extra and extra.group(1), set()).add(name)
    assert required == {None: RUNTIME_DEPENDENCIES, **EXTRAS}


def test_the_readme_notebook_example_runs(installed: Installed):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(re.escape(README_MARKER) + r"\n```python\n(.*?)\n```", readme, re.DOTALL)
    assert found, f"README.md has no ```python block right after {README_MARKER}"
    notebook = installed.work / "notebook"
    notebook.mkdir()
    (notebook / "example.py").write_text(found.group(1), encoding="utf-8")
    run(installed.python, "example.py", cwd=notebook)
    pngs = sorted(notebook.glob("*.png"))
    assert pngs, "the README example saved no PNG"
    for path in pngs:
        assert png_width(path) >= SLIDE_WIDTH, path.name


def test_the_readme_layout_table_matches_the_code():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Layout"):readme.index("## More")]
    named = set(re.findall(r"`((?:tempviz|page|tests|bench|docs)[^`]*|app\.py)`", table))
    for path in named:  # everything the table names is there
        assert (ROOT / path).exists(), path
    modules = {f"tempviz/{p.name}" for p in (ROOT / "tempviz").iterdir()
               if (p.suffix == ".py" or p.is_dir()) and p.name not in {"__init__.py",
                                                                     "__main__.py",
                                                                     "__pycache__"}}
    assert modules <= {path.rstrip("/") for path in named}, modules - named
    for part in (ROOT / "page").glob("*.py"):  # and every page part is listed
        assert part.stem == "__init__" or f"`{part.stem}`" in table, part.stem
