"""The class poll's speed, as ratios against a minimal page measured in the same run.

1. Answers a second the store takes: STUDENTS threads submit ANSWERS new answers to one
   room (each from its own browser token, as a class joining), then resubmit every one
   of them (each replacing its row), on an SQLite file and, when TEMPVIZ_TEST_DATABASE_URL
   names one, on PostgreSQL. Reported with how many answers the store takes in the time
   of one rerun of the minimal page (bench/minimal_app.py: one slider, one text).
2. The projector's refresh: what its fragment does every two seconds (looks up the room
   and, once revealed, the class's guesses) in a page of its own, and the whole projector
   page after the reveal (chart and all), both with CLASS answers in the room, against
   the minimal page's rerun, timed with Streamlit's AppTest and interleaved as in
   bench/page.py, so a slow moment of the machine hits them all alike.

    python bench/poll.py
    TEMPVIZ_TEST_DATABASE_URL=postgresql+psycopg://… python bench/poll.py

It writes rooms to the PostgreSQL database named (no table is dropped), and to an
SQLite file in a temporary folder.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from tempviz import poll  # noqa: E402
from tempviz.logits import parse_logits  # noqa: E402
from tempviz.state import View  # noqa: E402

APP, MINIMAL = BENCH.parent / "app.py", BENCH / "minimal_app.py"
STUDENTS = 50      # threads writing at once
ANSWERS = 2_000    # one room's limit
CLASS = 200        # answers in the room the projector shows
RERUNS = 40
QUESTION = poll.Question.from_view(parse_logits("1, 2, 5"), View.from_query({"T": "10"})[0])
# The projector's fragment in a page of its own: the room's phase and question are what
# the projector page hands it (one more lookup of the room than the fragment itself does)
FRAGMENT_PAGE = """
import streamlit as st
from page.poll import projector_watch, question_of, store
room = store().room(st.query_params["room"])
projector_watch(room.code, room.phase, question_of(room))
"""


def store_rates(url: str) -> tuple[float, float]:
    """Answers a second: new ones (inserts), then resubmissions (updates)."""
    store = poll.PollStore(url, write_interval=0)  # resubmit at once, for the bench
    code, _ = store.open_room(QUESTION)
    tokens = [poll.new_token() for _ in range(ANSWERS)]
    rates = []
    for typed in ("0.2, 0.3, 0.5", "0.25, 0.3, 0.45"):
        start = threading.Barrier(STUDENTS + 1)

        def student(mine: list[str], typed: str = typed, start=start) -> None:
            start.wait()
            for token in mine:
                store.submit(code, token, typed)

        threads = [threading.Thread(target=student, args=(tokens[i::STUDENTS],))
                   for i in range(STUDENTS)]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        rates.append(ANSWERS / (time.perf_counter() - began))
    assert store.room(code).answers == ANSWERS == len(store.guesses(code))
    store.engine.dispose()
    return rates[0], rates[1]


def rerun_seconds(page: AppTest) -> float:
    started = time.perf_counter()
    page.run()
    elapsed = time.perf_counter() - started
    assert not page.exception, page.exception
    return elapsed


def opened(page: AppTest, **query: str) -> AppTest:
    page.query_params.update(query)
    page.run()
    assert not page.exception, page.exception
    page.run()  # warm every cache once
    return page


def main() -> None:
    folder = tempfile.mkdtemp(prefix="tempviz-bench-poll-")
    sqlite = f"sqlite:///{folder}/polls.sqlite3"
    databases = {"SQLite": sqlite}
    if os.environ.get("TEMPVIZ_TEST_DATABASE_URL"):
        databases["PostgreSQL"] = os.environ["TEMPVIZ_TEST_DATABASE_URL"]

    # the pages' database, with a class of CLASS answers: one room still open, one revealed
    os.environ["TEMPVIZ_DATABASE_URL"] = sqlite
    store = poll.PollStore(sqlite)
    rooms = {}
    for phase in ("open", "revealed"):
        code, key = store.open_room(QUESTION)
        for i in range(CLASS):
            store.submit(code, poll.new_token(), f"{i / 1000}, 0.3, 0.5")
        if phase == "revealed":
            store.reveal(code, key)
        rooms[phase] = (code, key)
    store.engine.dispose()

    pages = {
        "minimal page": opened(AppTest.from_file(str(MINIMAL), default_timeout=120)),
        "fragment, taking answers": opened(AppTest.from_string(FRAGMENT_PAGE, default_timeout=120),
                                           room=rooms["open"][0]),
        "fragment, revealed": opened(AppTest.from_string(FRAGMENT_PAGE, default_timeout=120),
                                     room=rooms["revealed"][0]),
        "projector page, revealed": opened(AppTest.from_file(str(APP), default_timeout=120),
                                           room=rooms["revealed"][0],
                                           key=rooms["revealed"][1], lang="en"),
    }
    times: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(RERUNS):  # interleaved, so a slow moment of the machine hits them all
        for name, page in pages.items():
            times[name].append(rerun_seconds(page))
    medians = {name: statistics.median(values) for name, values in times.items()}
    minimal = medians["minimal page"]
    print(f"minimal page rerun: {minimal * 1e3:.1f} ms (the baseline)")
    for name, median in list(medians.items())[1:]:
        print(f"{name} ({CLASS} answers): {median / minimal:.1f}× the minimal page "
              f"({median * 1e3:.1f} ms)")

    for name, url in databases.items():
        new, again = store_rates(url)
        print(f"{name}: {new:,.0f} new answers a second, {again:,.0f} resubmissions a second "
              f"({STUDENTS} threads, {ANSWERS:,} answers), that is "
              f"{new * minimal:.1f} and {again * minimal:.1f} answers in one minimal-page "
              f"rerun")


if __name__ == "__main__":
    sys.exit(main())
