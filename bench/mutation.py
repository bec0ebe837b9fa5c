"""Mutation testing of tempviz's core: change one small thing in a module, run the fast
tests that guard it, and count how many of those changes some test notices (kills).

    nice python bench/mutation.py                              # the core modules, every mutant
    nice python bench/mutation.py --modules softmax,temperature
    nice python bench/mutation.py --modules all --sample 40 --seed 1 --jobs 2

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
``python -m pytest -x -q -p no:cacheprovider -m "not browser" --hypothesis-seed=0 ...``.

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
import os
import random
import shutil
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
    "logits": ["test_logits", "test_files"],
    "files": ["test_files"],
    "state": ["test_state"],
    "scene": ["test_boundaries", "test_promises", "test_limits", "test_charts"],
    "views": ["test_boundaries", "test_promises", "test_charts"],
    "frames": ["test_boundaries", "test_promises", "test_state", "test_charts"],
    "exercise": ["test_exercise"],
    "poll/store": ["test_poll"],
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
    "language_model": ["test_app"],
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
    ("scene", "@dataclass(frozen=True, eq=False) → @dataclass(frozen=False, eq=False)"):
        "nothing assigns to a scene's fields",
    ("scene", "taclass(frozen=True, eq=False) → taclass(frozen=True, eq=True)"):
        "nothing compares or hashes two scenes",
    ("scene", "self.classes > len(self.shown) → self.classes >= len(self.shown)"):
        "Scene.has_others is read nowhere (tempviz, page/, app.py): dead code",
    ("scene", "return self.classes > len(self.shown) → return None"):
        "Scene.has_others is read nowhere (tempviz, page/, app.py): dead code",
    ("views", "@dataclass(frozen=True) → @dataclass(frozen=False)"):
        "nothing assigns to a Drawing's or a Moment's fields",
    ("views", "Drawing(logits, scene, 0, view, style_of(view)) → "
              "Drawing(logits, scene, 1, view, style_of(view))"):
        "the text alternatives never read the stop (they do not change with T, by design)",
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


def mutants_of(module: str) -> list[Mutant]:
    """Every mutant of one module, in the order of the source."""
    path = module_path(module)
    source = (ROOT / path).read_bytes()
    tree = ast.parse(source)
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    skip = skipped_nodes(tree)
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
            candidate = Mutant(module, str(path), node.lineno, start, end, original, mutant,
                               statement, around)
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


def command(module: str, folder: Path) -> list[str]:
    tests = tests_of(module)
    return [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
            "-m", "not browser", "--hypothesis-seed=0", f"--basetemp={folder}/.basetemp",
            *EXTRA_ARGS.get(module, []), *tests, str(module_path(module))]


def run_tests(module: str, folder: Path, timeout: float | None) -> tuple[str, float]:
    """'passed', 'failed', 'broken' (no import or collection) or 'timeout', and seconds."""
    shutil.rmtree(folder / ".hypothesis", ignore_errors=True)  # no example from the last run
    environment = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}  # never a stale .pyc
    started = time.monotonic()
    try:
        done = subprocess.run(command(module, folder), cwd=folder, env=environment,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - started
    seconds = time.monotonic() - started
    if done.returncode == 0:
        return "passed", seconds
    if done.returncode == 1:
        return "failed", seconds
    return "broken", seconds


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
    options = parser.parse_args()
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

    workers: Queue[Path] = Queue()
    scratch = Path(tempfile.mkdtemp(prefix="tempviz-mutation-"))
    try:
        for job in range(max(1, options.jobs)):
            copy = scratch / f"job{job}"
            shutil.copytree(ROOT, copy, ignore=SKIP_COPY)
            workers.put(copy)
        run(chosen, workers, options.jobs)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(chosen: dict[str, list[Mutant]], workers: Queue[Path], jobs: int) -> None:
    began = time.monotonic()
    lock = threading.Lock()
    outcomes: dict[str, Counter] = defaultdict(Counter)
    survivors: list[Mutant] = []
    timeouts: dict[str, float] = {}
    for name, mutants in chosen.items():
        if not mutants:
            continue
        folder = workers.get()
        outcome, seconds = run_tests(name, folder, None)
        workers.put(folder)
        if outcome != "passed":
            print(f"{name}: its tests do not pass on the real code ({outcome}); skipped",
                  flush=True)
            chosen[name] = []
            continue
        timeouts[name] = 3 * seconds + 10
        print(f"{name}: {len(mutants)} mutants, tests {seconds:.1f} s on the real code",
              flush=True)

    def one(mutant: Mutant) -> None:
        folder = workers.get()
        file = folder / mutant.path
        original = file.read_bytes()
        try:
            file.write_bytes(mutant.source(original))
            outcome, seconds = run_tests(mutant.module, folder, timeouts[mutant.module])
        finally:
            file.write_bytes(original)
            workers.put(folder)
        with lock:
            outcomes[mutant.module][outcome] += 1
            outcomes[mutant.module]["seconds"] += seconds
            if outcome == "passed":
                survivors.append(mutant)
                print(f"  survived  {mutant.shown()}", flush=True)

    everything = [m for mutants in chosen.values() for m in mutants]
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        list(pool.map(one, everything))
    report(chosen, outcomes, survivors, time.monotonic() - began)


def report(chosen: dict[str, list[Mutant]], outcomes: dict[str, Counter],
           survivors: list[Mutant], elapsed: float) -> None:
    def equivalent(m: Mutant) -> str | None:
        return EQUIVALENT.get((m.module, m.shown().split(": ", 1)[1]))

    print(f"\n{'module':16} {'mutants':>7} {'killed':>6} {'failed':>6} {'broken':>6} "
          f"{'timeout':>7} {'alive':>5} {'equiv':>5} {'ratio':>6} {'s/mutant':>8}")
    totals = Counter()
    for name, mutants in chosen.items():
        if not mutants:
            continue
        counts = outcomes[name]
        killed = counts["failed"] + counts["broken"] + counts["timeout"]
        same = sum(1 for m in survivors if m.module == name and equivalent(m))
        print(f"{name:16} {len(mutants):7} {killed:6} {counts['failed']:6} "
              f"{counts['broken']:6} {counts['timeout']:7} {counts['passed']:5} {same:5} "
              f"{killed / len(mutants):6.1%} {counts['seconds'] / len(mutants):8.1f}")
        if name in CORE:
            totals.update(mutants=len(mutants), killed=killed, equivalent=same)
    if totals["mutants"]:
        real = totals["mutants"] - totals["equivalent"]
        print(f"\ncore modules: {totals['killed']} of {totals['mutants']} mutants killed, "
              f"{totals['killed'] / totals['mutants']:.1%}; without the {totals['equivalent']} "
              f"judged equivalent, {totals['killed'] / real:.1%}")
    print(f"time: {elapsed:.0f} s for {sum(map(len, chosen.values()))} mutants")
    if survivors:
        print("\nsurvivors:")
        for mutant in sorted(survivors, key=lambda m: (m.path, m.start)):
            why = equivalent(mutant)
            print(f"  {mutant.shown()}" + (f"   [equivalent: {why}]" if why else ""))


if __name__ == "__main__":
    main()
