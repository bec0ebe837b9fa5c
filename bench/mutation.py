"""Mutation testing of tempviz's core: change one small thing in a module, run the fast
tests that execute the changed line, and count how many of those changes some test notices
(kills).

    nice -n 19 python bench/mutation.py --jobs 2                 # the core, every mutant
    nice -n 19 python bench/mutation.py --modules softmax,temperature
    nice -n 19 python bench/mutation.py --modules all --sample 40 --seed 1 --jobs 2
    nice -n 19 python bench/mutation.py --at sampling.py:383 --full   # without selection

Each mutant is one of these changes at one place, written as
``path:line: original → mutant`` when it survives:

- a comparison: ``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔ ``!=``, ``is`` ↔ ``is not``,
  ``in`` ↔ ``not in`` (each operator of a chain on its own);
- arithmetic: ``+`` ↔ ``-``, ``*`` ↔ ``/``, ``//`` → ``/``, ``**`` → ``*``, ``&`` ↔ ``|``
  (also in ``+=`` and the like);
- a number n → n + 1, ``True`` ↔ ``False``, ``and`` ↔ ``or``, a ``not`` or a unary minus
  dropped, ``return x`` → ``return None``.

Docstrings, annotations and f-strings are left alone, and so is ``tempviz/i18n`` (texts).
Mutants are made on a copy of the repository in a temporary folder, one copy per job,
so the working tree is never touched; a copy is the working tree as it was at the start.
A mutant counts as killed when a test fails, when the module no longer imports (pytest
cannot collect) or when the tests take over three times as long as on the real code
(an endless loop); the report says which. The tests of each module are its test files
in ``MODULES`` and its own doctests, run as
``pytest -x -q -p no:cacheprovider -m "not browser" --hypothesis-seed=0 ...``, with
hypothesis's deadline off (a loaded machine must not kill a mutant) and no example
database (no example carried from one mutant to the next).

Which of those tests run for a mutant: first, once, every test file is run under a
line tracer (``sys.settrace``, a plugin of this file: no coverage package needed) that
records which test executes which line of ``tempviz/``; the record is cached in
``~/.cache/tempviz-mutation`` under a hash of ``tempviz/``, ``tests/`` and this file.
A mutant then runs only the tests that execute one of its lines (or the first line of
its statement), in the order of ``MODULES``, stopping at the first failure (``-x``).
A line run while a module is imported (a constant, a default, a decorator) or while a
test file is collected (a parametrisation) runs every test of the module, or the whole
test file. A mutant whose lines no test executes is not run at all: it survives,
reported as "never run". Selection only ever leaves out tests that cannot see the
change, except through state kept from an earlier test (a ``functools.cache``, a
session fixture); ``--full`` runs every test of the module for each mutant instead, to
check that the two agree.

Each job is a worker process that imports numpy, pandas, altair, scipy, hypothesis and
pytest once, then forks a child per mutant that imports tempviz from its copy and runs
pytest there: a mutant costs its tests and not Python's start (1.6 s of the 1.8 s a
fast mutant took before). The child checks that the tempviz it imported is its copy's.

Why not mutmut (3.8 installs on Python 3.11 here): it mutates only the bodies of
undecorated functions and methods, through trampolines, so it never changes a module's
constant (``TABLE_ROWS = 100``), a class's (``TopP.ROUNDING``) or a ``cached_property``,
which are exactly where the README's promises sit (two of the first three survivors an
audit found were constants); its trampolines also rewrite every function the doctests
run. This driver is the standard library's ``ast`` and ``subprocess``: each mutant
replaces the exact source span of one node, so the rest of the file stays byte for byte.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from queue import Queue

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each module and the fast test files that guard it (its doctests are always added).
# The core modules, whose kill ratio is the one reported, come first.
# The faster files come first, so that -x stops a killed mutant early; files that take
# half a minute (test_labels, test_export, test_app) are left to the suite.
CORE = {
    "softmax": ["test_softmax", "test_properties", "test_stability", "test_promises",
                "test_precision"],
    "sampling": ["test_sampling", "test_limits", "test_boundaries", "test_promises"],
    "temperature": ["test_temperature", "test_state", "test_promises"],
    "logits": ["test_logits", "test_files", "test_boundaries"],
    "files": ["test_files", "test_boundaries"],
    "state": ["test_state", "test_boundaries"],
    "scene": ["test_boundaries", "test_promises", "test_limits", "test_charts"],
    "views": ["test_boundaries", "test_promises", "test_charts"],
    "frames": ["test_boundaries", "test_promises", "test_state", "test_charts"],
    "exercise": ["test_boundaries", "test_exercise"],
    "poll/store": ["test_boundaries", "test_poll"],
    "calibration": ["test_calibration"],
}
OTHERS = {
    "poll/sql": ["test_poll"],
    "poll/questions": ["test_poll"],
    "charts/__init__": ["test_charts", "test_labels", "test_boundaries"],
    "charts/work": ["test_exercise"],
    "charts/exercise": ["test_exercise"],
    "charts/poll": ["test_poll"],
    "errors": ["test_sampling", "test_softmax", "test_logits"],
    "export": ["test_export"],
    "cli": ["test_export"],
    "work": ["test_exercise"],
    "stability": ["test_stability", "test_exercise"],
    "formula": ["test_app"],
    "presets": ["test_app"],
    "language_model": ["test_language_model", "test_app"],
}
MODULES = CORE | OTHERS
# the poll's tests also run on PostgreSQL, which starts a server for every run: SQLite only
EXTRA_ARGS = {"poll/store": ["-k", "not postgresql"], "poll/sql": ["-k", "not postgresql"],
              "poll/questions": ["-k", "not postgresql"], "charts/poll": ["-k", "not postgresql"]}

# Survivors judged equivalent (no input tells them from the real code, or only code that
# nothing reads), keyed by module and the change as the report writes it, with why.
EQUIVALENT: dict[tuple[str, str], str] = {
    ("temperature", "= [s for s in stops if 0 < s < math.inf] → "
                     "= [s for s in stops if 0 < s <= math.inf]"):
        "∞ is infinitely far from every finite T on the log scale, so with any finite stop "
        "(the slider has 89) it is never the nearest",
    ("softmax", "abs(p.sum(axis=-1) - 1) > 1e-9 → abs(p.sum(axis=-1) - 1) >= 1e-09"):
        "a total near 1 minus 1 is exact and a multiple of 2^-53; the float 1e-9 is not, "
        "so the two are never equal",
    ("softmax", "p.where(rows > 0, rows, 1.0)) # log 1 = 0 makes 0 → "
                "p.where(rows > 0, rows, 2.0)) # log 1 = 0 makes 0"):
        "the stand-in log is multiplied by the p = 0 it stands in for: 0 · log 2 = 0 too",
    ("softmax", "log1p(-np.minimum(rest, 0.5)), np.log(top)) → "
                "log1p(-np.minimum(rest, 1.5)), np.log(top))"):
        "the minimum only guards the branch np.where discards (rest ≥ 0.5), and there "
        "rest < 1 anyway, so log1p stays finite and warns of nothing",
    ("scene", "taclass(frozen=True, eq=False) → taclass(frozen=True, eq=True)"):
        "nothing compares or hashes two scenes",
    ("views", "Drawing(logits, scene, 0, view, style_of(view)) → "
              "Drawing(logits, scene, 1, view, style_of(view))"):
        "the text alternatives never read the stop (they do not change with T, by design)",
    ("frames", "or decimals in range(2, 13): → or decimals in range(2, 14):"):
        "off the bound, x is over 1e-12 · K ≥ 2e-12 from K, so twelve decimals (± 5e-13) "
        "always end the loop: a thirteenth is never reached",
    ("exercise", "return (\"+\" if difference > 0 else \"−\") + format_meas → "
                 "return (\"+\" if difference >= 0 else \"−\") + format_meas"):
        "a difference of 0 has returned \"0\" the line before",
    ("files", "f count <= MAX_LOGITS + 1: # a header may come f → "
              "f count <= MAX_LOGITS + 2: # a header may come f"):
        "an extra row is kept only when count ≥ MAX_LOGITS + 2, and then the count check "
        "refuses the file before any row is read",
    ("files", "ay(stream, allow_pickle=False) → ay(stream, allow_pickle=True)"):
        "the header check has already refused every dtype holding objects, and read_array "
        "unpickles only those",
    ("logits", "return self.values if dtype is None else self.values.astype → "
               "return self.values if dtype is not None else self.values.astype"):
        "numpy casts whatever __array__ returns to the dtype asked for, and astype(None) is "
        "an equal float64 copy; callers copy with np.array anyway",
    ("logits", ".tobytes(), digest_size=16) → .tobytes(), digest_size=17)"):
        "the fingerprint only keys in-memory caches; any collision-free digest serves, and "
        "none is stored or compared with a fixed value",
    ("logits", "e(len(written).to_bytes(8, \"little\") + written) → "
               "e(len(written).to_bytes(9, \"little\") + written)"):
        "a wider length prefix still marks where each label ends; the fingerprint stays "
        "collision-free and is only compared within a process",
    ("sampling", "if self.value >= z.size: → if self.value > z.size:"):
        "at k = size the partitioned element is the smallest logit, which every logit reaches",
    ("sampling", "n == 1 or np.all(z[finite] == z[finite][0]) → "
                 "n == 1 and np.all(z[finite] == z[finite][0])"):
        "equal logits then take the general path, where every finite class ties with the "
        "boundary and stays, as the early return gives",
    ("sampling", "z[finite] == z[finite][0] → z[finite] != z[finite][0]"):
        "the check is then false past n = 1, and equal logits take the general path with the "
        "same result (all tied, all kept)",
    ("sampling", "(z[finite] == z[finite][0]): → (z[finite] == z[finite][1]):"):
        "n ≥ 2 there (n == 1 stops the check first), and all equal z[0] exactly when all "
        "equal z[1]",
    ("sampling", "um(d[order]), np.cumsum(d[order] ** 2 - variance) → "
                 "um(d[order]), np.cumsum(d[order] * 2 - variance)"):
        "second is only read where first[j-1] = 0, and then Σ2d = 2·first = 0 leaves −j·v < 0, "
        "as the true Σ(d² − v) < 0 (the j < n nearest classes square below the mean)",
    ("sampling", "< 0 or (share == 0 and (first[j - 1] < 0 or ( → "
                 "< 0 or (share == 0 and (first[j - 1] <= 0 or ("):
        "at first = 0 the second-order term is always negative, so below is true either way",
    ("sampling", "first[j - 1] == 0 and second[j - 1] < 0))) → "
                 "first[j - 1] == 0 and second[j - 1] <= 0)))"):
        "second is strictly negative wherever it is read (the sum of the j < n smallest d² "
        "minus j times their mean)",
    ("sampling", "= 0 and second[j - 1] < 0))) → = 0 and second[j - 1] < 1)))"):
        "second is strictly negative wherever it is read, so < 0 and < 1 agree",
    ("sampling", "return finite & ((rank <= last) | tied) → "
                 "return finite & ((rank < last) | tied)"):
        "the boundary class is tied with itself, so tied keeps it anyway",
    ("sampling", "class(frozen=True, init=False) → class(frozen=True, init=True)"):
        "dataclass never replaces an __init__ written in the class body",
}

SKIP_COPY = shutil.ignore_patterns(".git", "__pycache__", ".hypothesis", ".pytest_cache",
                                   ".ruff_cache", "artifacts", "*.egg-info", "build", "dist",
                                   ".venv", "venv", "node_modules")

COMPARE = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
           ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
           ast.In: ast.NotIn, ast.NotIn: ast.In}
ARITHMETIC = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
              ast.FloorDiv: ast.Div, ast.Pow: ast.Mult, ast.BitAnd: ast.BitOr,
              ast.BitOr: ast.BitAnd}


@dataclass(frozen=True)
class Mutant:
    module: str          # a key of MODULES
    path: str            # relative to the repository
    line: int
    start: int           # byte offsets of the replaced span in the file
    end: int
    original: str
    mutant: str
    statement: bool      # the span is a whole statement (no parentheses around it)
    around: tuple[str, str]  # the line's text before and after the span
    lines: tuple[int, ...]   # the span's lines and its statement's first line

    def source(self, original: bytes) -> bytes:
        replacement = self.mutant if self.statement else f"({self.mutant})"
        return original[:self.start] + replacement.encode() + original[self.end:]

    def shown(self) -> str:
        """``path:line: original → mutant``, a short change with some of its line around
        it, so that two numbers on one line (``0.5 → 1.5``) can be told apart."""
        def short(code: str) -> str:
            code = " ".join(code.split())
            return code if len(code) <= 80 else code[:77] + "..."
        original, mutant = self.original, self.mutant
        if len(original) < 24 and "\n" not in original:
            before = self.around[0][-24:].lstrip()
            after = self.around[1][:24].rstrip()
            original, mutant = before + original + after, before + mutant + after
        return f"{self.path}:{self.line}: {short(original)} → {short(mutant)}"


def module_path(module: str) -> Path:
    return Path("tempviz") / f"{module}.py"


def skipped_nodes(tree: ast.Module) -> set[int]:
    """Ids of the nodes never mutated: docstrings, annotations, f-strings, and ``|``/``&``
    outside functions (module-level type aliases such as ``int | None``)."""
    skip: set[int] = set()

    def everything(node: ast.AST | None) -> None:
        if node is not None:
            skip.update(id(child) for child in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(
                body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            everything(body[0])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            everything(node.returns)
            for argument in ast.walk(node.args):
                if isinstance(argument, ast.arg):
                    everything(argument.annotation)
        elif isinstance(node, ast.AnnAssign):
            everything(node.annotation)
        elif isinstance(node, ast.JoinedStr):
            everything(node)
    for statement in tree.body:
        if not isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            skip.update(id(node) for node in ast.walk(statement)
                        if isinstance(node, ast.BinOp) and type(node.op) in (ast.BitOr,
                                                                             ast.BitAnd))
    return skip


def changes(node: ast.AST) -> list[tuple[ast.AST, bool]]:
    """The mutated copies of one node (and whether each is a statement)."""
    def copy() -> ast.AST:
        return ast.parse(ast.unparse(node), mode="exec").body[0] if isinstance(
            node, ast.stmt) else ast.parse(ast.unparse(node), mode="eval").body

    found: list[tuple[ast.AST, bool]] = []
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in COMPARE:
                new = copy()
                new.ops[i] = COMPARE[type(op)]()
                found.append((new, False))
    elif isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC:
        new = copy()
        new.op = ARITHMETIC[type(node.op)]()
        found.append((new, False))
    elif isinstance(node, ast.AugAssign) and type(node.op) in ARITHMETIC:
        new = copy()
        new.op = ARITHMETIC[type(node.op)]()
        found.append((new, True))
    elif isinstance(node, ast.BoolOp):
        new = copy()
        new.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        found.append((new, False))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Not, ast.USub)):
        found.append((copy().operand, False))
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        found.append((ast.Constant(not node.value), False))
    elif isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        if node.value + 1 != node.value:  # 1e300 + 1 is 1e300: no change
            found.append((ast.Constant(node.value + 1), False))
    elif isinstance(node, ast.Return) and node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None):
        found.append((ast.Return(ast.Constant(None)), True))
    return found


SOURCES: dict[str, bytes] = {}  # each module as it was read, once: an edit to the working
# tree while the bench runs changes neither the copies nor the mutants


def mutants_of(module: str) -> list[Mutant]:
    """Every mutant of one module, in the order of the source."""
    path = module_path(module)
    source = SOURCES.setdefault(str(path), (ROOT / path).read_bytes())
    tree = ast.parse(source)
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    skip = skipped_nodes(tree)
    owner: dict[int, ast.stmt] = {}  # each node's innermost statement
    for statement in ast.walk(tree):  # breadth first: an inner statement comes later
        if isinstance(statement, ast.stmt):
            owner.update((id(node), statement) for node in ast.walk(statement))
    found = []
    for node in ast.walk(tree):
        if id(node) in skip or not hasattr(node, "lineno"):
            continue
        for new, statement in changes(node):
            # ast offsets are in UTF-8 bytes from the start of the line
            start = starts[node.lineno - 1] + node.col_offset
            end = starts[node.end_lineno - 1] + node.end_col_offset
            original = source[start:end].decode()
            mutant = ast.unparse(new)
            if ast.dump(ast.parse(mutant)) == ast.dump(ast.parse(ast.unparse(node))):
                continue
            line = source.splitlines()[node.lineno - 1]
            around = (line[:node.col_offset].decode(),
                      line[node.end_col_offset:].decode() if node.end_lineno == node.lineno
                      else "")
            lines = {*range(node.lineno, node.end_lineno + 1), owner[id(node)].lineno}
            candidate = Mutant(module, str(path), node.lineno, start, end, original, mutant,
                               statement, around, tuple(sorted(lines)))
            try:  # a change Python cannot compile would be "killed" by nothing but syntax
                compile(candidate.source(source), str(path), "exec")
            except SyntaxError:
                continue
            found.append(candidate)
    return sorted(found, key=lambda m: (m.start, m.end, m.mutant))


def tests_of(module: str) -> list[str]:
    """The module's test files that exist (a module may be newer than its map)."""
    return [f"tests/{name}.py" for name in MODULES[module]
            if (ROOT / "tests" / f"{name}.py").exists()]


def units_of(module: str) -> list[str]:
    """What runs a module's tests, in order: its test files, then its own doctests."""
    return [*tests_of(module), str(module_path(module))]


def pytest_args(units: list[str], folder: Path, extra: list[str], trace: bool) -> list[str]:
    """A mutant's run stops at its first failure; a trace runs every test."""
    return [*([] if trace else ["-x"]), "-q", "-p", "no:cacheprovider", "-m", "not browser",
            # the worker imported hypothesis before pytest could mark its plugin for
            # assertion rewriting, which the plugin never needs
            "-W", "ignore:Module already imported:pytest.PytestAssertRewriteWarning",
            "--hypothesis-seed=0", f"--basetemp={folder}/.basetemp", *extra, *units]


# --- the two pytest plugins, each used in a worker's child -----------------------------

IMPORT, OUTSIDE = "import", "outside"  # lines run while a module loads; outside any test


class Tracer:
    """Records which lines of ``tempviz/`` each test executes, and how long it takes.

    Lines run while a tempviz module is being imported go to ``import``; lines run while
    pytest collects a file (a test module's constants, its parametrisations) to
    ``collect:<file>``; lines run outside both and outside any test to ``outside``."""

    def __init__(self, folder: Path, out: Path) -> None:
        self.prefix, self.out = f"{folder}/", out
        self.paths: dict[object, str] = {}  # code object → "tempviz/x.py", or "" if not ours
        self.importing = 0
        self.where = OUTSIDE
        self.hits: set[tuple[str, str, int]] = set()
        self.seconds: Counter = Counter()
        self.failed: set[str] = set()

    def wanted(self, code) -> str:
        path = self.paths.get(code)
        if path is None:
            file = code.co_filename
            path = file[len(self.prefix):] if file.startswith(self.prefix + "tempviz/") else ""
            self.paths[code] = path
        return path

    def call(self, frame, event, arg):
        if not self.wanted(frame.f_code):
            return None
        if frame.f_code.co_name == "<module>":
            self.importing += 1
        return self.line

    def line(self, frame, event, arg):
        if event == "line":
            self.hits.add((IMPORT if self.importing else self.where, self.paths[frame.f_code],
                           frame.f_lineno))
        elif event == "return" and frame.f_code.co_name == "<module>":
            self.importing -= 1
        return self.line

    def pytest_configure(self, config) -> None:
        threading.settrace(self.call)
        sys.settrace(self.call)

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(self, collector):
        before, self.where = self.where, f"collect:{collector.nodeid.split('::')[0]}"
        try:
            return (yield)
        finally:
            self.where = before

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        self.where = item.nodeid
        try:
            return (yield)
        finally:
            self.where = OUTSIDE

    def pytest_runtest_logreport(self, report) -> None:
        self.seconds[report.nodeid] += report.duration
        if report.failed:
            self.failed.add(report.nodeid)

    def pytest_sessionfinish(self, session) -> None:
        sys.settrace(None)
        threading.settrace(None)
        lines: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for where, path, line in sorted(self.hits):
            lines[where][path].append(line)
        self.out.write_text(json.dumps({"lines": lines, "seconds": self.seconds,
                                        "failed": sorted(self.failed)}))


class Selector:
    """Keeps only the chosen tests of the files given, in pytest's order; a whole file
    where ``whole`` names it, or where a chosen test is missing (the mutant changed what
    the file collects). Refuses to run a tempviz that is not the copy's."""

    def __init__(self, folder: Path, keep: list[str] | None, whole: list[str]) -> None:
        self.folder, self.keep, self.whole = folder, keep, set(whole)

    def pytest_collection_modifyitems(self, config, items) -> None:
        if self.keep is None:
            return
        keep = set(self.keep)
        found = {item.nodeid for item in items}
        whole = self.whole | {nodeid.split("::")[0] for nodeid in keep - found}
        chosen = [item for item in items
                  if item.nodeid in keep or item.nodeid.split("::")[0] in whole]
        left = [item for item in items if item not in chosen]
        if left:
            config.hook.pytest_deselected(items=left)
        items[:] = chosen

    def pytest_collection_finish(self, session) -> None:
        loaded = sys.modules.get("tempviz")
        if loaded is not None and not str(loaded.__file__).startswith(f"{self.folder}/"):
            raise RuntimeError(f"tempviz came from {loaded.__file__}, not {self.folder}")


# --- a worker: imports the heavy libraries once, forks a child per run -----------------

PRELOAD = ["numpy", "pandas", "altair", "babel.numbers", "vl_convert", "scipy.optimize",
           "scipy.special", "mpmath", "sqlalchemy", "hypothesis", "hypothesis.extra.numpy",
           "pytest", "_pytest.doctest", "_pytest.python"]


def worker(folder: Path) -> None:
    """Reads one task a line on stdin, answers one line on stdout:
    ``{"file", "source", "units", "extra", "keep", "whole", "timeout", "trace"}`` →
    ``{"code": pytest's exit code, or "timeout", "seconds"}``."""
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    from hypothesis import settings
    # a loaded machine must not kill a mutant by a deadline; no example goes from one
    # mutant's run to the next through the example database
    settings.register_profile("mutation", deadline=None, database=None)
    settings.load_profile("mutation")
    os.chdir(folder)
    answer = sys.stdout
    for task_line in sys.stdin:
        task = json.loads(task_line)
        file = folder / task["file"] if task["file"] else None
        original = file.read_bytes() if file else None
        shutil.rmtree(folder / ".basetemp", ignore_errors=True)
        started = time.monotonic()
        try:
            if file:
                file.write_text(task["source"])
            code = fork_pytest(folder, task)
        finally:
            if file:
                file.write_bytes(original)
        answer.write(json.dumps({"code": code, "seconds": time.monotonic() - started}) + "\n")
        answer.flush()


def fork_pytest(folder: Path, task: dict) -> int | str:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: its output to a log, pytest, and out without cleaning up
        code = 70  # not pytest's: this file's own fault, which stops the bench
        try:
            log = os.open(folder / ".mutant.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(log, 1)
            os.dup2(log, 2)
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            signal.alarm(max(1, round(task["timeout"])))  # its default action ends us
            plugin = (Tracer(folder, Path(task["trace"])) if task["trace"]
                      else Selector(folder, task["keep"], task["whole"]))
            code = int(pytest.main(pytest_args(task["units"], folder, task["extra"],
                                               bool(task["trace"])),
                                   plugins=[plugin]))
        except BaseException:
            import traceback
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return "timeout" if os.WTERMSIG(status) == signal.SIGALRM else f"signal {status}"
    return os.waitstatus_to_exitcode(status)


class Workers:
    """One worker process per job, each on its own copy of the repository."""

    def __init__(self, jobs: int, scratch: Path) -> None:
        self.pool: Queue = Queue()
        self.processes = []
        environment = os.environ | {"PYTHONDONTWRITEBYTECODE": "1", "OPENBLAS_NUM_THREADS": "1",
                                    "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        for job in range(jobs):
            folder = scratch / f"job{job}"
            shutil.copytree(ROOT, folder, ignore=SKIP_COPY)
            process = subprocess.Popen([sys.executable, __file__, "--worker", str(folder)],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       text=True, env=environment)
            self.processes.append(process)
            self.pool.put((process, folder))

    def run(self, task: dict) -> tuple[int | str, float, Path]:
        process, folder = self.pool.get()
        try:
            process.stdin.write(json.dumps(task) + "\n")
            process.stdin.flush()
            answer = json.loads(process.stdout.readline())
            return answer["code"], answer["seconds"], folder
        finally:
            self.pool.put((process, folder))

    def close(self) -> None:
        for process in self.processes:
            process.stdin.close()
            process.wait()


# --- which test executes which line ------------------------------------------------------

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tempviz-mutation"


def tree_hash() -> str:
    """A hash of everything a trace depends on: tempviz/, tests/, this file, pytest's
    configuration."""
    digest = hashlib.sha256()
    for path in sorted([*ROOT.glob("tempviz/**/*.py"), *ROOT.glob("tests/*.py"),
                        ROOT / "pyproject.toml", Path(__file__).resolve()]):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


@dataclass
class Trace:
    """One unit's record (a test file's, or a module's doctests')."""
    lines: dict[str, dict[str, set[int]]]   # test id, or import/outside/collect:… → lines
    seconds: dict[str, float]
    failed: set[str]


def traces(units: list[str], workers: Workers, jobs: int) -> dict[str, Trace]:
    """Each unit's trace, from the cache or run now (a few minutes for the core, once)."""
    folder = CACHE / tree_hash()
    folder.mkdir(parents=True, exist_ok=True)
    extra_of = {unit: extra for module, extra in EXTRA_ARGS.items() for unit in units_of(module)}

    def one(unit: str) -> None:
        out = folder / (unit.replace("/", "_") + ".json")
        if out.exists():
            return
        started = time.monotonic()
        code, _, _ = workers.run({"file": None, "source": None, "units": [unit],
                                  "extra": extra_of.get(unit, []),
                                  "keep": None, "whole": [], "timeout": 3600,
                                  "trace": str(out.with_suffix(".part"))})
        if code not in (0, 1) or not out.with_suffix(".part").exists():
            raise SystemExit(f"tracing {unit} failed (pytest's code {code})")
        out.with_suffix(".part").rename(out)
        print(f"  traced {unit} in {time.monotonic() - started:.0f} s", flush=True)

    missing = [u for u in units if not (folder / (u.replace("/", "_") + ".json")).exists()]
    if missing:
        print(f"tracing {len(missing)} test files once (cached in {folder})", flush=True)
        with ThreadPoolExecutor(max(1, jobs)) as pool:
            list(pool.map(one, missing))
    found = {}
    for unit in units:
        data = json.loads((folder / (unit.replace("/", "_") + ".json")).read_text())
        found[unit] = Trace({where: {path: set(lines) for path, lines in by_path.items()}
                             for where, by_path in data["lines"].items()},
                            data["seconds"], set(data["failed"]))
        if found[unit].failed:
            print(f"  {unit}: {len(found[unit].failed)} tests fail on the real code under the "
                  f"tracer; they are never run for a mutant", flush=True)
    return found


@dataclass
class Selection:
    units: list[str]         # the files pytest is given
    keep: list[str] | None   # the tests it keeps (None: every test of the units)
    whole: list[str]         # units kept whole
    seconds: float           # the selected tests' time under the tracer
    why: str                 # "lines", "import", "collect", "full" or "never run"


def select(mutant: Mutant, found: dict[str, Trace], full: bool) -> Selection:
    units = units_of(mutant.module)
    everything = sum(sum(found[u].seconds.values()) for u in units)
    if full:
        return Selection(units, None, [], everything, "full")

    def touches(lines_of: dict[str, set[int]]) -> bool:
        return not lines_of.get(mutant.path, set()).isdisjoint(mutant.lines)

    if any(touches(found[u].lines.get(where, {})) for u in units for where in (IMPORT,
                                                                              OUTSIDE)):
        return Selection(units, None, [], everything, "import")
    keep, whole, chosen, seconds = [], [], [], 0.0
    for unit in units:
        trace = found[unit]
        if touches(trace.lines.get(f"collect:{unit}", {})):
            whole.append(unit)
            chosen.append(unit)
            seconds += sum(trace.seconds.values())
            continue
        tests = [t for t in trace.seconds if t not in trace.failed
                 and touches(trace.lines.get(t, {}))]
        if tests:
            keep += tests
            chosen.append(unit)
            seconds += sum(trace.seconds[t] for t in tests)
    why = "collect" if whole else "lines" if keep else "never run"
    return Selection(chosen, keep, whole, seconds, why)


# --- the run and its report ---------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", default="core",
                        help="comma-separated, e.g. softmax,sampling; 'core' (the default) "
                             f"or 'all'; known: {', '.join(MODULES)}")
    parser.add_argument("--limit", type=int, help="the first N mutants of each module")
    parser.add_argument("--sample", type=int, help="N mutants of each module, at random")
    parser.add_argument("--seed", type=int, default=0, help="the sample's seed")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once")
    parser.add_argument("--at", default="",
                        help="only the mutants on these lines, e.g. softmax.py:120,views.py:27")
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument("--full", action="store_true",
                        help="every test of the module for each mutant, not only those "
                             "that execute its lines")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        worker(Path(options.worker))
        return
    names = (list(CORE) if options.modules == "core" else list(MODULES)
             if options.modules == "all" else options.modules.split(","))
    unknown = [name for name in names if name not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; known: {', '.join(MODULES)}")

    chosen: dict[str, list[Mutant]] = {}
    for name in names:
        if not (ROOT / module_path(name)).exists() or not tests_of(name):
            print(f"{name}: no {module_path(name)} or none of its tests "
                  f"({', '.join(MODULES[name])}) here; skipped")
            continue
        found = mutants_of(name)
        if options.at:
            lines = set(options.at.split(","))
            found = [m for m in found if f"{Path(m.path).name}:{m.line}" in lines
                     or f"{m.path}:{m.line}" in lines]
        if options.sample is not None and options.sample < len(found):
            picked = set(random.Random(f"{options.seed}:{name}").sample(range(len(found)),
                                                                       options.sample))
            found = [m for i, m in enumerate(found) if i in picked]
        chosen[name] = found[:options.limit] if options.limit is not None else found
    if options.list:
        for mutants in chosen.values():
            print("\n".join(m.shown() for m in mutants))
        return

    jobs = max(1, options.jobs)
    scratch = Path(tempfile.mkdtemp(prefix="tempviz-mutation-"))
    workers = Workers(jobs, scratch)
    try:
        began = time.monotonic()
        units = list(dict.fromkeys(u for name in chosen for u in units_of(name)))
        found = traces(units, workers, jobs)
        print(f"traces ready in {time.monotonic() - began:.0f} s", flush=True)
        run(chosen, workers, jobs, found, options.full)
    finally:
        workers.close()
        shutil.rmtree(scratch, ignore_errors=True)


def run(chosen: dict[str, list[Mutant]], workers: Workers, jobs: int,
        found: dict[str, Trace], full: bool) -> None:
    began = time.monotonic()
    lock = threading.Lock()
    outcomes: dict[str, Counter] = defaultdict(Counter)
    survivors: list[tuple[Mutant, str]] = []
    ways: Counter = Counter()
    done = Counter()
    total = sum(map(len, chosen.values()))

    def one(mutant: Mutant) -> None:
        selection = select(mutant, found, full)
        if selection.why == "never run":
            outcome, seconds = "passed", 0.0
        else:
            code, seconds, folder = workers.run({
                "file": mutant.path,
                "source": mutant.source(SOURCES[mutant.path]).decode(),
                "units": selection.units, "extra": EXTRA_ARGS.get(mutant.module, []),
                "keep": selection.keep, "whole": selection.whole,
                "timeout": 3 * selection.seconds + 10, "trace": None})
            outcome = {0: "passed", 1: "failed", 2: "broken", "timeout": "timeout"}.get(code)
            if outcome is None:  # pytest's internal error (a plugin here), a usage error,
                # nothing collected: the bench's own fault, never a mutant's kill
                raise SystemExit(f"pytest's code {code} on {mutant.shown()}; see "
                                 f"{folder}/.mutant.log")
        with lock:
            outcomes[mutant.module][outcome] += 1
            outcomes[mutant.module]["seconds"] += seconds
            ways[selection.why] += 1
            done["n"] += 1
            if outcome == "passed":
                survivors.append((mutant, selection.why))
                never = " (no test executes it)" if selection.why == "never run" else ""
                print(f"  survived  {mutant.shown()}{never}", flush=True)
            if done["n"] % 100 == 0:
                print(f"  {done['n']} of {total} in {time.monotonic() - began:.0f} s",
                      flush=True)

    everything = [m for mutants in chosen.values() for m in mutants]
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, everything))
    report(chosen, outcomes, survivors, time.monotonic() - began, ways)


def report(chosen: dict[str, list[Mutant]], outcomes: dict[str, Counter],
           survivors: list[tuple[Mutant, str]], elapsed: float, ways: Counter) -> None:
    def equivalent(m: Mutant) -> str | None:
        return EQUIVALENT.get((m.module, m.shown().split(": ", 1)[1]))

    print(f"\n{'module':16} {'mutants':>7} {'killed':>6} {'failed':>6} {'broken':>6} "
          f"{'timeout':>7} {'alive':>5} {'never':>5} {'equiv':>5} {'ratio':>6} "
          f"{'s/mutant':>8}")
    totals = Counter()
    for name, mutants in chosen.items():
        if not mutants:
            continue
        counts = outcomes[name]
        killed = counts["failed"] + counts["broken"] + counts["timeout"]
        same = sum(1 for m, _ in survivors if m.module == name and equivalent(m))
        never = sum(1 for m, why in survivors if m.module == name and why == "never run")
        print(f"{name:16} {len(mutants):7} {killed:6} {counts['failed']:6} "
              f"{counts['broken']:6} {counts['timeout']:7} {counts['passed']:5} {never:5} "
              f"{same:5} {killed / len(mutants):6.1%} {counts['seconds'] / len(mutants):8.1f}")
        if name in CORE:
            totals.update(mutants=len(mutants), killed=killed, equivalent=same)
    if totals["mutants"]:
        real = totals["mutants"] - totals["equivalent"]
        print(f"\ncore modules: {totals['killed']} of {totals['mutants']} mutants killed, "
              f"{totals['killed'] / totals['mutants']:.1%}; without the {totals['equivalent']} "
              f"judged equivalent, {totals['killed'] / real:.1%}")
    print(f"time: {elapsed:.0f} s for {sum(map(len, chosen.values()))} mutants; tests chosen "
          f"by the lines they execute for {ways['lines']}, whole files for {ways['collect']}, "
          f"every test of the module for {ways['import'] + ways['full']} (import time or "
          f"--full), none for {ways['never run']}")
    if survivors:
        print("\nsurvivors:")
        for mutant, why in sorted(survivors, key=lambda s: (s[0].path, s[0].start)):
            said = equivalent(mutant)
            print(f"  {mutant.shown()}" + (f"   [equivalent: {said}]" if said else "")
                  + ("   [no test executes it]" if why == "never run" else ""))


if __name__ == "__main__":
    main()
