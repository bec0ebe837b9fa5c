"""bench/mutation.py, the mutation run the README reports: it still makes its mutants,
every survivor it calls equivalent is still one of them, and a run prints its ratio and
its survivors. The run itself (half an hour) is not part of the suite."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench" / "mutation.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("mutation_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_every_survivor_judged_equivalent_is_still_a_mutant_of_the_code():
    # an entry whose line has changed would excuse nothing, and hide that it needs a look
    bench = load_bench()
    made = {(name, m.shown().split(": ", 1)[1]) for name in bench.CORE
            for m in bench.mutants_of(name)}
    assert set(bench.EQUIVALENT) - made == set()


def test_every_core_module_has_mutants_and_the_texts_have_none():
    bench = load_bench()
    assert all(bench.mutants_of(name) for name in bench.CORE)
    assert not any(name.startswith("i18n") for name in bench.MODULES)


def test_a_run_prints_its_kill_ratio_and_names_each_survivor(tmp_path):
    # nearest_stop's `0 < s < math.inf`: its `<=` is the one equivalent mutant on the line
    run = subprocess.run(
        [sys.executable, str(BENCH), "--modules", "temperature", "--at", "temperature.py:86",
         "--jobs", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env=os.environ | {"XDG_CACHE_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    row = next(line.split() for line in out.splitlines() if line.startswith("temperature "))
    mutants, killed, alive, equivalent = int(row[1]), int(row[2]), int(row[6]), int(row[8])
    assert mutants >= 3 and killed == mutants - 1 and alive == equivalent == 1
    assert (f"core modules: {killed} of {mutants} mutants killed, "
            f"{killed / mutants:.1%}; without the 1 judged equivalent, 100.0%") in out
    survivor = ("tempviz/temperature.py:86: = [s for s in stops if 0 < s < math.inf] → "
                "= [s for s in stops if 0 < s <= math.inf]   [equivalent: ")
    assert survivor in out


def test_the_readme_counts_the_equivalents_the_script_lists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    said = re.search(r"Of the \d+ survivors, (\d+) are listed in the script as equivalent",
                     " ".join(readme.split()))
    assert said and int(said[1]) == len(load_bench().EQUIVALENT)
