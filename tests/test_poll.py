"""The class poll: the store against SQLite (always) and PostgreSQL (a throwaway server
of the session's, or TEMPVIZ_TEST_DATABASE_URL's), its rules, its chart, and its pages
under AppTest.

The PostgreSQL tests drop and recreate the poll tables in that database: point the
variable at a database kept for tests, or leave it unset where Debian's postgresql is
installed and the session starts a throwaway server (tests/conftest.py). Without
either they skip, saying how to run them, unless TEMPVIZ_REQUIRE_POSTGRES is set (as
.ci/run sets it): then they fail.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import vl_convert
from sqlalchemy import create_engine, inspect, select
from streamlit.testing.v1 import AppTest

from tempviz import charts, export, poll
from tempviz.charts import poll as poll_chart
from tempviz.errors import TempvizError
from tempviz.logits import parse_logits
from tempviz.state import View
from tests import reference
from tests.conftest import free_port
from tests.test_labels import drawn

APP = Path(__file__).resolve().parent.parent / "app.py"
AT_10 = View.from_query({"T": "10"})[0]
QUESTION = poll.Question.from_view(parse_logits("1, 2, 5"), AT_10)
TRUTH_AT_10 = reference.softmax([1, 2, 5], 10)  # 0.278, 0.307, 0.415, by mpmath


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: float = 1.9e9):
        self.now = now

    def __call__(self) -> float:
        return self.now


def drop_tables(url: str) -> None:
    engine = create_engine(url)
    poll.metadata.drop_all(engine)
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """A database URL with no poll tables yet: a new SQLite file, or the test PostgreSQL
    database with its poll tables dropped."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'polls.sqlite3'}"
        return
    url = request.getfixturevalue("postgres_url")
    drop_tables(url)
    yield url
    drop_tables(url)


@pytest.fixture
def make_store(database):
    """Stores on the test database, their connections closed after the test."""
    made = []

    def make(**options) -> poll.PollStore:
        store = poll.PollStore(database, **options)
        made.append(store)
        return store
    yield make
    for store in made:
        store.engine.dispose()


def rows(store: poll.PollStore) -> dict[str, list[tuple]]:
    """Everything the store's tables hold."""
    with store.engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(select(table))]
                for table in (poll.rooms, poll.answers)}


def refused(key: str, action, *args) -> None:
    """``action(*args)`` is refused with the message ``key``."""
    with pytest.raises(TempvizError) as caught:
        action(*args)
    assert caught.value.key == key, (caught.value.key, str(caught.value))


# rooms, codes and keys

def test_room_codes_are_six_unambiguous_characters_and_all_differ(make_store):
    store = make_store()
    codes = [store.open_room(QUESTION)[0] for _ in range(300)]
    assert len(set(codes)) == 300
    for code in codes:
        assert re.fullmatch(r"[2-9A-HJKMNP-Z]{6}", code), code  # never 0, O, 1, I or L
    assert not set("01OIL") & set(poll.CODE_ALPHABET) and len(poll.CODE_ALPHABET) == 31


def test_codes_are_random_not_sequential():
    # a counter or a clock would give codes sharing most characters
    codes = [poll.new_code() for _ in range(2_000)]
    firsts = {code[0] for code in codes}
    assert len(set(codes)) == 2_000 and firsts == set(poll.CODE_ALPHABET)


def test_the_key_and_tokens_are_stored_only_as_hashes(make_store):
    store = make_store()
    code, key = store.open_room(QUESTION)
    token = poll.new_token()
    store.submit(code, token, "0.3, 0.3, 0.4")
    stored = json.dumps(rows(store), default=str)
    assert key not in stored and token not in stored
    assert hashlib.sha256(key.encode()).hexdigest() in stored
    assert len(key) >= 32  # 24 random bytes
    assert len({store.open_room(QUESTION)[1] for _ in range(50)}) == 50  # each room its own


def test_the_schema_is_created_on_first_use_and_kept(database):
    engine = create_engine(database)
    assert not inspect(engine).has_table("poll_rooms")
    first = poll.PollStore(database)
    code, _ = first.open_room(QUESTION)
    assert inspect(engine).has_table("poll_rooms") and inspect(engine).has_table("poll_answers")
    second = poll.PollStore(database)  # a second process starting later
    assert second.room(code).phase == "open"
    for made in (first, second):
        made.engine.dispose()
    engine.dispose()


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    store = poll.PollStore(f"sqlite:///{tmp_path / 'polls.sqlite3'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    store.engine.dispose()


def test_the_default_database_is_a_file_in_the_data_directory(tmp_path):
    folder = tmp_path / "data"
    url = poll.default_database_url({"TEMPVIZ_DATA_DIR": str(folder)})
    assert url == f"sqlite:///{folder.resolve() / 'polls.sqlite3'}" and folder.is_dir()
    home = poll.default_database_url({"HOME": str(tmp_path)})
    assert home.endswith("/.tempviz/polls.sqlite3")


# answers

def test_an_answer_is_stored_and_a_resubmission_replaces_it(make_store):
    clock = Clock()
    store = make_store(clock=clock)
    code, _ = store.open_room(QUESTION)
    token = poll.new_token()
    first = store.submit(code, token, "0.2, 0.3, 0.5")
    assert first.values == (0.2, 0.3, 0.5) and not first.replaced
    clock.now += poll.WRITE_INTERVAL
    second = store.submit(code, token, "0.25, 0.3, 0.45")
    assert second.replaced
    assert store.room(code).answers == 1
    assert store.guesses(code).tolist() == [[0.25, 0.3, 0.45]]
    assert store.answer(code, token) == (0.25, 0.3, 0.45)
    assert store.answer(code, poll.new_token()) is None


def answered_room(make_store) -> tuple[Clock, poll.PollStore, str, str, str]:
    """A store on a hand-moved clock with a room that has one answer, 0.2, 0.3, 0.5:
    the clock, the store, the room's code and key, and the answering browser's token."""
    clock = Clock()
    store = make_store(clock=clock)
    code, key = store.open_room(QUESTION)
    token = poll.new_token()
    store.submit(code, token, "0.2, 0.3, 0.5")
    return clock, store, code, key, token


def test_one_browser_writes_at_most_once_a_second(make_store):
    clock, store, code, _, token = answered_room(make_store)
    clock.now += 0.999
    refused("poll.too_fast", store.submit, code, token, "0.1, 0.1, 0.8")
    assert store.answer(code, token) == (0.2, 0.3, 0.5)  # the refused write changed nothing
    clock.now += 0.001  # one second after the first write
    store.submit(code, token, "0.1, 0.1, 0.8")
    assert store.answer(code, token) == (0.1, 0.1, 0.8)
    store.submit(code, poll.new_token(), "0.2, 0.3, 0.5")  # another browser need not wait


@pytest.mark.parametrize("typed, key", [
    ("", "poll.empty"),
    ("  \n ", "poll.empty"),
    ("0.2, 0.3", "exercise.count"),
    ("0.2, 0.3, 0.4, 0.1", "exercise.count"),  # more numbers than classes
    ("1.5, 0, 0", "exercise.range"),
    ("-0.1, 0.5, 0.6", "exercise.range"),
    ("-inf, 0.5, 0.5", "exercise.range"),
    ("a, b, c", "err.not_a_number"),
    ("0.2, 0.3, 0.5" + " " * (poll.MAX_ANSWER_CHARS - 12), "poll.too_long"),  # 2,001
])
def test_answers_breaking_a_rule_are_refused_and_nothing_is_stored(make_store, typed, key):
    store = make_store()
    code, _ = store.open_room(QUESTION)
    token = poll.new_token()
    refused(key, store.submit, code, token, typed)
    assert store.room(code).answers == 0 and store.answer(code, token) is None


@pytest.mark.parametrize("typed", [
    "0.2, 0.3, 0.5",
    "0.2 0.3 0.5",
    "[0.2, 0.3, 0.5]",
    "0,2; 0,3; 0,5",  # decimal commas, as the logits box reads them
    "0.2, 0.3, 0.5" + " " * (poll.MAX_ANSWER_CHARS - 13),  # exactly 2,000 characters
])
def test_answers_as_the_exercise_reads_them(make_store, typed):
    store = make_store()
    code, _ = store.open_room(QUESTION)
    assert store.submit(code, poll.new_token(), typed).values == (0.2, 0.3, 0.5)


# These three depend on the exercise's reading of fractions, percentages, "≈" and spaced
# decimal commas (tempviz.exercise.read_prediction), which the poll uses as it is.
@pytest.mark.parametrize("typed", ["1/4, 1/4, 1/2", "25%, 25%, 50%", "≈0.25; 0,25; 1/2",
                                   "0,25 0,25 0,5"])
def test_answers_as_fractions_percentages_and_decimal_commas(make_store, typed):
    store = make_store()
    code, _ = store.open_room(QUESTION)
    assert store.submit(code, poll.new_token(), typed).values == (0.25, 0.25, 0.5)


def test_an_answer_naming_the_classes_is_stored_in_class_order(make_store):
    store = make_store()
    code, _ = store.open_room(QUESTION)
    received = store.submit(code, poll.new_token(), "z3: 0.5; z1: 0,2; z2: 30%")
    assert received.values == (0.2, 0.3, 0.5)
    with pytest.raises(TempvizError, match=r"name each class once \(z1, z2, z3\)"):
        store.submit(code, poll.new_token(), "z3: 0.5, a: 0.2, z2: 0.3")


def test_an_answer_naming_a_class_shown_but_not_asked_is_refused():
    shown = ["z23", "z29", "z30"]
    assert poll.read_answer("z30: 0.6", ["z30"], shown) == poll.read_answer("0.6", ["z30"],
                                                                            shown) == (0.6,)
    with pytest.raises(TempvizError, match=r"name each class once \(z30\)"):
        poll.read_answer("z29: 0.6", ["z30"], shown)


def test_a_total_far_from_one_is_accepted_with_a_note():
    assert poll.sum_note((0.33, 0.33, 0.33), each=True) is None  # rounding, not a mistake
    assert poll.sum_note((0.3, 0.3, 0.44), each=True) is None    # 1.04: within the slack
    assert poll.sum_note((0.3, 0.3, 0.46), each=True) is not None  # 1.06: beyond it
    note = poll.sum_note((0.5, 0.5, 0.5), each=True)
    assert note.key == "poll.sum_far" and "add up to 1.5" in note.localized("en")
    assert poll.sum_note((0.5,), each=False) is None  # one class of many: no total to check


def test_the_note_reaches_the_student(make_store):
    store = make_store()
    code, _ = store.open_room(QUESTION)
    received = store.submit(code, poll.new_token(), "0.5, 0.5, 0.5")
    assert received.values == (0.5, 0.5, 0.5) and received.note.key == "poll.sum_far"


def test_bad_tokens_are_refused(make_store):
    store = make_store()
    code, _ = store.open_room(QUESTION)
    for token in (None, "", "short", "x" * 65, "1' OR '1'='1'; --", "é" * 22, 12345):
        refused("poll.bad_token", store.submit, code, token, "0.2, 0.3, 0.5")
    assert store.room(code).answers == 0


def test_a_room_a_page_sees_is_a_snapshot_it_cannot_change(make_store):
    # a page that sets room.phase = "revealed" must not believe it revealed anything: the
    # store's reveal() does that; the snapshot refuses, and equal snapshots hash alike
    store = make_store()
    code, _ = store.open_room(QUESTION)
    room = store.room(code)
    with pytest.raises(AttributeError, match="cannot assign"):
        room.phase = "revealed"
    assert store.room(code).phase == "open"
    assert {room, store.room(code)} == {room}


def test_a_room_takes_at_most_2000_answers(make_store):
    # each new browser adds one; the 2,001st is refused, but a browser that already
    # answered may still change its answer
    clock = Clock()
    store = make_store(clock=clock)
    code, _ = store.open_room(QUESTION)
    tokens = [poll.new_token() for _ in range(poll.MAX_ANSWERS)]
    for token in tokens:
        store.submit(code, token, "0.2, 0.3, 0.5")
    assert store.room(code).answers == 2_000 == poll.MAX_ANSWERS
    refused("poll.full", store.submit, code, poll.new_token(), "0.2, 0.3, 0.5")
    clock.now += 1
    assert store.submit(code, tokens[0], "0.1, 0.3, 0.6").replaced
    assert len(store.guesses(code)) == 2_000


# many students at once

def test_200_students_submit_and_resubmit_at_once(make_store):
    # Nothing lost (every answer there), nothing duplicated (one row per browser, the
    # second answer in it), through two stores on one database as two Streamlit
    # processes would share it: SQLite's deferred transactions fail here with "database
    # is locked", a read-then-insert without the room's lock with duplicates or lost writes.
    processes = [make_store(), make_store()]
    store = processes[0]
    code, _ = store.open_room(QUESTION)
    students = 200
    tokens = [poll.new_token() for _ in range(students)]
    # a thread that fails breaks the barriers, so the others fail too instead of waiting
    first_wave, second_wave = (threading.Barrier(students, timeout=120) for _ in range(2))
    failures: list[BaseException] = []
    replaced: list[bool] = []

    def student(i: int) -> None:
        try:
            first_wave.wait()
            process = processes[i % 2]
            process.submit(code, tokens[i], f"{i / 1000}, 0.5, 0.5")
            second_wave.wait()
            time.sleep(poll.WRITE_INTERVAL + 0.05)
            replaced.append(process.submit(code, tokens[i], f"0.5, {i / 1000}, 0.5").replaced)
        except BaseException as error:  # reported below, from the main thread
            failures.append(error)
            first_wave.abort()
            second_wave.abort()

    threads = [threading.Thread(target=student, args=(i,)) for i in range(students)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures[:3]
    assert replaced == [True] * students
    assert store.room(code).answers == students
    guesses = store.guesses(code)
    assert len(guesses) == students
    assert sorted(guesses[:, 1].tolist()) == [i / 1000 for i in range(students)]
    assert set(guesses[:, 0].tolist()) == {0.5}  # every first answer was replaced
    with store.engine.connect() as connection:
        counted = connection.execute(select(poll.answers.c.token_hash).where(
            poll.answers.c.room == code)).all()
    assert len(counted) == len(set(counted)) == students


def test_the_answer_limit_holds_when_students_race_for_the_last_places(make_store,
                                                                         monkeypatch):
    # 30 browsers at once for 10 places, through two stores (two processes): exactly 10
    # get in. Without the room's row lock several would read "9 answers" at once and all
    # insert; reading each answer slowly (between reading the count and inserting) makes
    # that all but certain.
    read = poll.read_answer
    monkeypatch.setattr(poll.sql, "read_answer",  # the name the store calls
                        lambda *args: (time.sleep(0.01), read(*args))[1])
    processes = [make_store(max_answers=10), make_store(max_answers=10)]
    store = processes[0]
    code, _ = store.open_room(QUESTION)
    start = threading.Barrier(30, timeout=120)
    outcomes: list[str] = []

    def student(i: int) -> None:
        start.wait()
        try:
            processes[i % 2].submit(code, poll.new_token(), "0.2, 0.3, 0.5")
            outcomes.append("stored")
        except poll.PollError as error:
            outcomes.append(error.key)

    threads = [threading.Thread(target=student, args=(i,)) for i in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["poll.full"] * 20 + ["stored"] * 10
    assert store.room(code).answers == 10 == len(store.guesses(code))


# the instructor's key

@pytest.mark.parametrize("action", ["reveal", "close", "clear"])
def test_a_wrong_or_missing_key_changes_nothing(make_store, action):
    store = make_store()
    code, key = store.open_room(QUESTION)
    _, other_key = store.open_room(QUESTION)
    store.submit(code, poll.new_token(), "0.2, 0.3, 0.5")
    before = rows(store)
    for wrong in (None, "", "x", key[:-1], key + "A", key.swapcase(), other_key, 42, "k" * 10_000):
        refused("poll.wrong_key", getattr(store, action), code, wrong)
        assert store.controls(code, wrong) is False
    assert rows(store) == before
    assert store.controls(code, key) is True


def test_the_key_reveals_closes_and_clears(make_store):
    clock, store, code, key, token = answered_room(make_store)
    store.close(code, key)
    assert store.room(code).phase == "closed"
    clock.now += 1
    refused("poll.not_open", store.submit, code, token, "0.3, 0.3, 0.4")
    store.reveal(code, key)
    assert store.room(code).phase == "revealed"
    store.close(code, key)  # closing after the reveal keeps the answer shown
    assert store.room(code).phase == "revealed"
    refused("poll.not_open", store.submit, code, poll.new_token(), "0.3, 0.3, 0.4")
    store.clear(code, key)
    assert store.room(code) == poll.Room(code=code, phase="open", answers=0, expects=3,
                                         opened_at=clock.now - 1,
                                         expires_at=clock.now - 1 + poll.LIFETIME)
    assert store.guesses(code).shape == (0, 3) and store.answer(code, token) is None
    store.submit(code, token, "0.3, 0.3, 0.4")
    assert store.room(code).answers == 1


def test_a_guessed_room_code_fails(make_store):
    store = make_store()
    code, key = store.open_room(QUESTION)
    rng = np.random.default_rng(16)
    guesses = {"".join(rng.choice(list(poll.CODE_ALPHABET), poll.CODE_LENGTH))
               for _ in range(500)} - {code}
    for guess in guesses:
        refused("poll.unknown", store.room, guess)
        refused("poll.unknown", store.submit, guess, poll.new_token(), "0.2, 0.3, 0.5")
        refused("poll.unknown", store.reveal, guess, key)  # the key of one room opens no other
    assert store.room(code.lower()).code == code  # typed in lower case, it is the same room


@pytest.mark.parametrize("code", ["", "ABC", "ABCDEFG", "O0I1L5", "' OR 1=1 --", "<script>",
                                  "A" * 100_000, None, ["ABCDEF"]])
def test_malformed_room_codes_name_no_room(make_store, code):
    store = make_store()
    store.open_room(QUESTION)
    key = "poll.no_code" if code == "" else "poll.unknown"
    refused(key, store.room, code)
    refused(key, store.submit, code, poll.new_token(), "0.2, 0.3, 0.5")


def test_sql_in_what_students_type_is_only_data(make_store):
    store = make_store()
    code, _ = store.open_room(QUESTION)
    for typed in ("0.2); DROP TABLE poll_answers; --", "'; DELETE FROM poll_rooms; --"):
        with pytest.raises(TempvizError):
            store.submit(code, poll.new_token(), typed)
    refused("poll.unknown", store.room, f"{code}' OR '1'='1")
    store.submit(code, poll.new_token(), "0.2, 0.3, 0.5")
    assert store.room(code).answers == 1 and len(rows(store)["poll_rooms"]) == 1


def test_rooms_expire_after_24_hours_and_are_deleted_a_day_later(make_store):
    clock = Clock()
    store = make_store(clock=clock)
    code, key = store.open_room(QUESTION)
    clock.now += poll.LIFETIME - 1
    store.submit(code, poll.new_token(), "0.2, 0.3, 0.5")
    clock.now += 1  # 24 hours after opening
    refused("poll.expired", store.room, code)
    refused("poll.expired", store.submit, code, poll.new_token(), "0.2, 0.3, 0.5")
    refused("poll.expired", store.reveal, code, key)
    clock.now += 24 * 3600 + 1  # over a day after it expired, opening a room sweeps it away
    store.open_room(QUESTION)
    refused("poll.unknown", store.room, code)
    assert len(rows(store)["poll_answers"]) == 0


def test_only_so_many_rooms_live_at_once(make_store):
    store = make_store(max_rooms=3)
    for _ in range(3):
        store.open_room(QUESTION)
    refused("poll.too_many_rooms", store.open_room, QUESTION)


# the question and its answer

def test_the_answer_is_softmax_at_the_views_temperature():
    assert QUESTION.each and QUESTION.asked_labels == ["z1", "z2", "z3"]
    assert QUESTION.truth == pytest.approx(TRUTH_AT_10, rel=1e-12)
    assert QUESTION.phrase() == "T = 10" and QUESTION.chain_text() is None


@pytest.mark.parametrize("query, truth", [
    ({"T": "0"}, [0.0, 0.0, 1.0]),
    ({"T": "inf"}, [1 / 3, 1 / 3, 1 / 3]),
    # top-k 2 at T = 1: z1 is cut, z2 and z5 renormalised: softmax of 2 and 5
    ({"T": "1", "top_k": "2"}, [0.0, *reference.softmax([2, 5], 1)]),
])
def test_the_answer_follows_the_limits_and_the_cuts(query, truth):
    question = poll.Question.from_view(parse_logits("1, 2, 5"), View.from_query(query)[0])
    assert question.truth == pytest.approx(truth, rel=1e-12, abs=1e-300)


def test_a_long_vocabulary_asks_for_the_most_probable_class_only():
    logits = [float(i % 7) + i / 100 for i in range(50)]  # the largest is not the last
    question = poll.Question.from_view(parse_logits(", ".join(map(str, logits))),
                                       View.from_query({"T": "2"})[0])
    top = int(np.argmax(logits))
    assert not question.each and question.asked == (0,)
    assert question.asked_labels == [f"z{top + 1}"] and question.classes == 50
    assert question.truth == pytest.approx([reference.softmax(logits, 2)[top]], rel=1e-12)
    assert len(question.labels) == poll.SHOWN_LOGITS
    assert list(question.logits) == sorted(logits, reverse=True)[:poll.SHOWN_LOGITS]


def test_a_question_survives_the_database():
    question = poll.Question.from_view(parse_logits("кот: 2\n«dog»: -inf\n🦜: 1"),
                                       View.from_query({"T": "0.5", "min_p": "0.1",
                                                        "order": "last"})[0])
    again = poll.Question.from_json(question.to_json())
    assert again == question
    assert again.view.filters == question.view.filters and again.temperature == 0.5
    assert again.logits[1] == float("-inf")


# the results

def test_the_summary_counts_students_within_0_02_of_every_probability():
    truth = np.array([0.278, 0.307, 0.415])
    guesses = np.array([[0.28, 0.31, 0.41],   # within: worst 0.005
                        [0.298, 0.287, 0.415],  # 0.02 off on two classes: still within
                        [0.3, 0.3, 0.4],      # 0.022 off at z1: not
                        [0.1, 0.2, 0.7]])
    summary = poll.Summary(guesses, truth)
    assert summary.count == 4 and summary.within == 2
    assert summary.mean == pytest.approx([0.2445, 0.27425, 0.48125], rel=1e-12, abs=0)
    assert np.isnan(poll.Summary(np.empty((0, 3)), truth).mean).all()


def test_a_guess_two_points_short_of_one_is_within():
    # the class's own answer is exactly 1, and 1 − 0.98 in floats is 0.020000000000000018
    closeness = poll.verdict((0.0, 0.0, 1.0), (0.02, 0.0, 0.98))
    assert closeness.error > 0.02 and closeness.correct
    assert poll.Summary(np.array([[0.02, 0.0, 0.98]]), np.array([0.0, 0.0, 1.0])).within == 1


def test_a_verdict_names_the_worst_class():
    closeness = poll.verdict(TRUTH_AT_10, (0.3, 0.3, 0.5))
    assert closeness.worst == 2
    assert closeness.error == pytest.approx(0.5 - TRUTH_AT_10[2], rel=1e-12, abs=0)
    assert not closeness.correct


def projector_chart(guesses, style=charts.SCREEN, lang="en"):
    summary = poll.Summary(np.array(guesses, dtype=float), np.array(QUESTION.truth))
    return poll_chart.guesses_chart(QUESTION, summary, style=style, lang=lang)


def test_the_chart_puts_each_guess_and_the_answer_where_they_belong():
    spec = projector_chart([[0.2, 0.3, 0.5], [0.4, 0.3, 0.3]]).to_dict()
    datasets = list(spec["datasets"].values())
    bins = next(d for d in datasets if "count" in d[0])
    marks = next(d for d in datasets if "truth" in d[0])
    # two students: p(z1) 0.2 and 0.4 apart, p(z2) both 0.3 (one bar twice as tall),
    # p(z3) 0.5 and 0.3; each bar the bin [lo, lo + 0.02) its guesses fall in
    assert [(row["row"], row["lo"], row["hi"], row["count"]) for row in bins] == [
        (0, 0.2, 0.22, 1), (0, 0.4, 0.42, 1), (1, 0.3, 0.32, 2), (2, 0.3, 0.32, 1),
        (2, 0.5, 0.52, 1)]
    tallest = next(row for row in bins if row["count"] == 2)
    single = next(row for row in bins if row["row"] == 0)
    assert tallest["base"] - tallest["top"] == pytest.approx(
        2 * (single["base"] - single["top"]), rel=1e-12, abs=0)
    assert [row["truth"] for row in marks] == pytest.approx(TRUTH_AT_10, rel=1e-12, abs=0)
    assert [row["mean"] for row in marks] == pytest.approx([0.3, 0.3, 0.4], rel=1e-12, abs=0)
    assert spec["title"]["text"] == "The class's guesses at T = 10"


def test_the_slide_draws_the_answer_and_the_mean_in_the_readers_language():
    svg = export.render(projector_chart([[0.2, 0.3, 0.5]], style=charts.SLIDE, lang="ru"),
                        "svg").decode()
    words = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "ответ 0,278" in words and "среднее 0,200" in words and "p(z3)" in words
    assert "0,4" in words  # the axis too writes numbers the Russian way
    assert "Догадки аудитории при T = 10" in words


def test_the_slide_exports_as_png_svg_and_pdf():
    chart = projector_chart([[0.2, 0.3, 0.5]], style=charts.SLIDE)
    assert export.render(chart, "png")[:8] == b"\x89PNG\r\n\x1a\n"
    assert export.render(chart, "pdf")[:4] == b"%PDF"
    assert vl_convert.vegalite_to_svg(chart.to_dict()).startswith("<svg")


def test_many_classes_get_narrower_rows_with_their_numbers_beside_the_plot():
    # nine classes, as the chatbot preset has: labels above and below each row would
    # run into the next row's, and beside the ticks they ran into each other and under
    # the diamonds; the numbers go on a right-hand axis
    question = poll.Question.from_view(parse_logits(", ".join(map(str, range(9)))), AT_10)
    summary = poll.Summary(np.full((2, 9), 0.1), np.array(question.truth))
    spec = poll_chart.guesses_chart(question, summary).to_dict()
    words = re.findall(r"<text[^>]*>([^<]*)</text>", vl_convert.vegalite_to_svg(spec))
    beside = [word for word in words if word.startswith("answer ")]
    assert len(beside) == 9 and all(word.endswith(" · mean 0.100") for word in beside)
    roomy = poll_chart.guesses_chart(QUESTION, poll.Summary(np.full((2, 3), 0.1),
                                                      np.array(QUESTION.truth))).to_dict()
    assert spec["height"] < 3 * roomy["height"]  # three times the rows, not three times as tall


def test_the_cold_limit_on_ten_classes_draws_every_number_apart_and_every_tick_whole():
    # at T → 0 the answer 1 and a mean of 0.95 were printed on top of each other
    # ("meanswer"), and the answer's thick tick at 1 was half cut off at the plot's edge
    question = poll.Question.from_view(parse_logits(", ".join(map(str, range(10)))),
                                       View.from_query({"T": "0"})[0])
    summary = poll.Summary(np.array([[0] * 8 + [0.05, 0.95]] * 5), np.array(question.truth))
    svg = export.render(poll_chart.guesses_chart(question, summary), "svg").decode()
    words, _, _ = drawn(svg)
    assert "answer 1 · mean 0.950" in [word.words for word in words]
    clashes = [(one.words, other.words) for i, one in enumerate(words)
               for other in words[i + 1:] if one.overlaps(other)]
    assert not clashes, clashes
    spec = poll_chart.guesses_chart(question, summary).to_dict()
    assert spec["layer"][1]["encoding"]["x"]["scale"]["padding"] > 0  # the answer's tick


def test_the_chart_before_anyone_answers_shows_the_answer_alone():
    spec = projector_chart(np.empty((0, 3))).to_dict()
    words = re.findall(r"<text[^>]*>([^<]*)</text>", vl_convert.vegalite_to_svg(spec))
    assert "answer 0.415" in words and not [word for word in words if word.startswith("mean")]


# the pages, under AppTest

@pytest.fixture
def site(tmp_path, monkeypatch):
    """The page's database (a new SQLite file), and a store on it for the test."""
    url = f"sqlite:///{tmp_path / 'polls.sqlite3'}"
    monkeypatch.setenv("TEMPVIZ_DATABASE_URL", url)
    store = poll.PollStore(url)
    yield store
    store.engine.dispose()


def open_page(lang: str = "en", **query: str) -> AppTest:
    page = AppTest.from_file(str(APP), default_timeout=60)
    page.query_params.update({"lang": lang, **query})
    return page.run()


def shown(markdown: str) -> str:
    """The text a reader sees for Markdown whose punctuation is backslash-escaped."""
    return re.sub(r"\\(.)", r"\1", markdown)


def page_texts(page: AppTest) -> str:
    """Every text the page shows, with its charts' specs."""
    texts = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "subheader",
                 "metric", "button", "text_input", "code", "title"):
        for element in page.get(kind):
            texts.extend(str(getattr(element, attribute, "")) for attribute in
                         ("value", "label", "help", "body", "placeholder"))
    texts.extend(chart.proto.spec for chart in page.get("vega_lite_chart"))
    return shown("\n".join(texts)).replace("\xa0", " ")  # "T = 10" never breaks


def send(page: AppTest, typed: str) -> AppTest:
    page.text_input(key="poll_answer").input(typed)
    return next(button for button in page.button if button.label in ("Send", "Отправить")
                ).click().run()


def test_the_main_page_opens_a_poll_on_its_view(site):
    page = open_page(logits="1, 2, 5", T="10", top_k="2")
    page.button(key="poll_open").click().run()
    assert not page.exception
    student, instructor = (code.value for code in page.code)
    code = re.fullmatch(r"\?room=([2-9A-Z]{6})", student)[1]
    key = re.fullmatch(rf"\?room={code}&key=([\w-]+)&lang=en", instructor)[1]
    assert site.controls(code, key)
    question = site.question(code)
    assert question.temperature == 10.0 and question.view.filters.value("top_k") == 2
    assert question.truth == pytest.approx(
        [0.0, *reference.softmax([2, 5], 10)], rel=1e-12, abs=0)  # z1 cut: exactly 0
    assert f"Room **{code}** is open for 24 hours." in [m.value for m in page.markdown]


def test_the_students_page_shows_the_logits_and_t_but_no_probability(site):
    code, _ = site.open_room(QUESTION)
    page = open_page(room=code)
    assert not page.exception and not page.error
    texts = page_texts(page)
    assert "z1 = 1 · z2 = 2 · z3 = 5" in texts and "T = 10" in texts
    assert "Predict the probability of each class at T = 10." in texts
    assert not page.get("vega_lite_chart") and not page.get("dataframe")
    for p in TRUTH_AT_10:  # nor any number the answer would give away
        assert f"{p:.3f}" not in texts and f"{p:.2f}" not in texts


def test_a_student_submits_and_a_reload_keeps_the_answer(site):
    code, _ = site.open_room(QUESTION)
    page = send(open_page(room=code), "0.2; 0.3; 0,5")
    assert not page.exception and not page.error
    assert shown(page.success[0].value).startswith(
        "Received: p(z1) = 0.2, p(z2) = 0.3, p(z3) = 0.5.")
    token = page.query_params["token"]
    assert poll.valid_token(token) and site.answer(code, token) == (0.2, 0.3, 0.5)
    again = open_page(room=code, token=token)  # a reload: a new session, the same link
    assert "Your answer: p(z1) = 0.2, p(z2) = 0.3, p(z3) = 0.5." in page_texts(again)


def test_a_second_answer_replaces_the_first(site):
    code, _ = site.open_room(QUESTION)
    page = send(open_page(room=code), "0.2, 0.3, 0.5")
    time.sleep(poll.WRITE_INTERVAL)
    page = send(page, "0.5, 0.3, 0.2")
    assert shown(page.success[0].value).startswith("Changed to p(z1) = 0.5")
    assert site.room(code).answers == 1


@pytest.mark.parametrize("typed, message", [
    ("0.2, 0.3", "**Not sent:** type 3 probabilities, one per class, but 2 were given"),
    ("0.2, x, 0.5", '**Not sent:** item 2 ("x") is not a number'),
    ("", "**Not sent:** type your prediction first"),
])
def test_a_bad_answer_is_explained_next_to_the_box(site, typed, message):
    code, _ = site.open_room(QUESTION)
    page = send(open_page(room=code), typed)
    assert not page.exception
    assert shown(page.error[0].value).startswith(message)
    assert site.room(code).answers == 0 and "token" not in page.query_params


def test_a_second_answer_within_a_second_is_refused(site):
    code, _ = site.open_room(QUESTION)
    page = send(send(open_page(room=code), "0.2, 0.3, 0.5"), "0.5, 0.3, 0.2")
    assert "less than a second ago" in page.error[0].value


def test_a_total_far_from_one_is_sent_with_a_note(site):
    code, _ = site.open_room(QUESTION)
    page = send(open_page(room=code), "0.5, 0.5, 0.5")
    assert page.success and "add up to 1.5" in page.info[0].value


def test_the_projector_counts_reveals_and_the_students_see_the_answer(site):
    code, key = site.open_room(QUESTION)
    student = send(open_page(room=code), "0.28, 0.31, 0.41")
    site.submit(code, poll.new_token(), "0.1, 0.2, 0.7")
    projector = open_page(room=code, key=key)
    assert not projector.exception and not projector.error
    assert {m.label: m.value for m in projector.metric} == {"Answers": "2"}
    assert "taking answers" in page_texts(projector)
    assert not projector.get("vega_lite_chart")  # no answer shown before the reveal
    projector.button(key="poll_reveal").click().run()
    assert site.room(code).revealed
    chart = projector.get("vega_lite_chart")[0]
    assert "The class's guesses at T = 10" in chart.proto.spec
    assert {m.label: m.value for m in projector.metric}["Within 0.02 of every probability"] == "1"
    student.run()  # the student's next look at the room
    texts = page_texts(student)
    assert "The answer at T = 10: p(z1) = 0.278, p(z2) = 0.307, p(z3) = 0.415." in texts
    assert "Your prediction is within 0.02 of every probability." in texts
    assert "Answers: 2; within 0.02 of every probability: 1." in texts
    assert not student.get("text_input")  # no more answers after the reveal


def test_the_projector_closes_and_clears(site):
    code, key = site.open_room(QUESTION)
    site.submit(code, poll.new_token(), "0.2, 0.3, 0.5")
    projector = open_page(room=code, key=key)
    projector.button(key="poll_close").click().run()
    assert site.room(code).phase == "closed"
    student = open_page(room=code)
    assert "no longer taking answers" in student.info[0].value and not student.text_input
    projector.button(key="poll_clear").click().run()
    assert site.room(code).phase == "open" and site.room(code).answers == 0


def test_the_projector_never_shows_its_key(site):
    code, key = site.open_room(QUESTION)
    projector = open_page(room=code, key=key)
    projector.button(key="poll_reveal").click().run()
    assert key not in page_texts(projector)


@pytest.mark.parametrize("wrong", ["", "not-the-key"])
def test_a_wrong_key_gets_a_plain_refusal_and_no_controls(site, wrong):
    code, _ = site.open_room(QUESTION)
    site.submit(code, poll.new_token(), "0.2, 0.3, 0.5")
    before = rows(site)
    page = open_page(room=code, key=wrong)
    assert not page.exception
    assert page.error[0].value == "This link can't control the poll."
    assert not page.button and not page.metric and not page.get("vega_lite_chart")
    assert rows(site) == before


def test_an_unknown_room_says_so(site):
    page = open_page(room="K7M2QX")
    assert not page.exception
    assert shown(page.error[0].value).startswith("There is no poll with the code K7M2QX.")


def test_a_link_with_markup_for_a_room_shows_it_as_text(site):
    page = open_page(room="<img src=x>")
    assert shown(page.error[0].value).startswith("There is no poll with the code <img src=x>.")
    assert not re.search(r"(?<!\\)[<>]", page.error[0].value)  # escaped: shown as text


def test_an_expired_room_says_so(site):
    yesterday = poll.PollStore(site.url, clock=lambda: time.time() - poll.LIFETIME - 60)
    code, key = yesterday.open_room(QUESTION)
    yesterday.engine.dispose()
    for query in ({"room": code}, {"room": code, "key": key}):
        page = open_page(**query)
        assert not page.exception
        assert shown(page.error[0].value) == f"The poll {code} has ended: polls last 24 hours."


def test_labels_are_shown_as_text_never_as_markup(site):
    question = poll.Question.from_view(parse_logits("<img src=x onerror=alert(1)>: 1\nb: 2"),
                                       AT_10)
    code, _ = site.open_room(question)
    page = open_page(room=code)
    logits = page.markdown[0].value
    assert "<img src=x onerror=alert(1)>: **1**" in shown(logits)
    assert not re.search(r"(?<!\\)[<>]", logits)  # every bracket escaped: shown as text


def test_the_students_page_in_russian(site):
    code, _ = site.open_room(QUESTION)
    page = send(open_page(lang="ru", room=code), "0,28; 0,31; 0,41")
    texts = page_texts(page)
    assert "Предскажите вероятность каждого класса при T = 10." in texts
    assert "Принято: p(z1) = 0,28; p(z2) = 0,31; p(z3) = 0,41." in texts
    assert page.subheader[0].value == "Опрос аудитории"


def test_a_database_that_cannot_be_reached_gets_a_message_not_a_traceback(tmp_path,
                                                                           monkeypatch):
    monkeypatch.setenv("TEMPVIZ_DATABASE_URL", f"sqlite:///{tmp_path}/missing/dir/polls.db")
    page = open_page(room="K7M2QX")
    assert not page.exception
    assert page.error[0].value.startswith("The polls' database can't be reached")
    main = open_page()
    main.button(key="poll_open").click().run()
    assert not main.exception
    assert main.error[0].value.startswith("The polls' database can't be reached")


def test_a_data_folder_that_cannot_be_made_gets_a_message_not_a_traceback(tmp_path,
                                                                          monkeypatch):
    monkeypatch.delenv("TEMPVIZ_DATABASE_URL", raising=False)
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv("TEMPVIZ_DATA_DIR", str(blocker / "polls"))  # a folder in a file
    for page in (open_page(room="K7M2QX"), open_page(room="K7M2QX", key="k")):
        assert not page.exception
        assert page.error[0].value.startswith("The polls' database can't be reached")


def test_a_database_url_may_come_from_streamlits_secrets(tmp_path, monkeypatch):
    from page import poll as poll_page

    monkeypatch.delenv("TEMPVIZ_DATABASE_URL", raising=False)
    wanted = f"sqlite:///{tmp_path / 'from_secrets.sqlite3'}"
    monkeypatch.setattr(poll_page.st, "secrets", {"TEMPVIZ_DATABASE_URL": wanted})
    assert poll_page.database_url() == wanted
    monkeypatch.setenv("TEMPVIZ_DATABASE_URL", "sqlite:///elsewhere.sqlite3")
    assert poll_page.database_url() == "sqlite:///elsewhere.sqlite3"  # the environment wins
    monkeypatch.delenv("TEMPVIZ_DATABASE_URL")
    monkeypatch.setattr(poll_page.st, "secrets", {})
    monkeypatch.setenv("TEMPVIZ_DATA_DIR", str(tmp_path / "data"))
    assert poll_page.database_url().endswith("/data/polls.sqlite3")


def test_a_long_vocabulary_on_the_students_page(site):
    logits = ", ".join(str(i) for i in range(30))
    question = poll.Question.from_view(parse_logits(logits), AT_10)
    code, _ = site.open_room(question)
    page = open_page(room=code)
    texts = page_texts(page)
    assert "The largest logits (10 of 30):" in texts and "z30 = 29" in texts
    assert "Predict the probability of the most probable class, z30, at T = 10." in texts
    page = send(page, "20%")
    assert shown(page.success[0].value).startswith("Received: p(z30) = 0.2.")


def test_a_student_who_names_the_classes_sees_them_in_class_order(site):
    code, _ = site.open_room(QUESTION)
    page = send(open_page(room=code), "z3: 0.41, z2: 0.31, z1: 0.28")
    assert shown(page.success[0].value).startswith(
        "Received: p(z1) = 0.28, p(z2) = 0.31, p(z3) = 0.41.")


def test_a_room_code_is_read_as_typed(site):
    code, _ = site.open_room(QUESTION)
    page = open_page(room=f" {code[:3].lower()}-{code[3:]} ")
    assert not page.error and "T = 10" in page_texts(page)


def test_no_room_in_the_link_is_the_main_page(site):
    page = open_page(T="10")
    assert not page.exception and page.title[0].value == "How temperature reshapes softmax"
    assert page.button(key="poll_open").label == "Class poll"



@pytest.mark.parametrize("with_key", [False, True], ids=["student", "projector"])
def test_the_russian_poll_pages_show_no_english_word(site, with_key):
    from tests.test_i18n import RUSSIAN_PAGE_LATIN, words_on_the_page

    code, key = site.open_room(QUESTION)
    site.submit(code, poll.new_token(), "0.2, 0.3, 0.5")
    site.reveal(code, key)
    page = open_page(lang="ru", room=code, **({"key": key} if with_key else {}))
    assert not page.exception and not page.error
    # the room code is letters too: Latin by design, like the labels z1, z2, z3
    english = words_on_the_page(page) - RUSSIAN_PAGE_LATIN - set(re.findall("[A-Z]+", code))
    assert not english, sorted(english)


def test_a_link_with_an_empty_room_code_says_it_names_no_poll(site):
    page = open_page(room="")
    assert not page.exception
    assert "This link names no poll" in shown(page.error[0].value)


def test_a_link_naming_two_rooms_says_which_it_opens(site):
    code, _ = site.open_room(QUESTION)
    page = open_page(room=["K7M2QX", code.lower()])
    assert not page.exception and not page.error and "T = 10" in page_texts(page)
    assert shown(page.warning[0].value) == (
        f"The link gives room more than once; the last, {code.lower()}, is used.")


def test_a_pasted_answer_past_the_limit_is_refused_with_the_limit(site):
    # the box once held answers to 2,000 characters in the browser: a longer paste was
    # dropped whole, and Send then asked to "type your prediction first"
    code, _ = site.open_room(QUESTION)
    page = send(open_page(room=code), "0.1, " * 399 + "0.5000")  # 2,001 characters
    assert not page.exception
    assert "2,000" in shown(page.error[0].value) and "2,001" in shown(page.error[0].value)
    assert site.summary(code).count == 0


def test_choosing_a_language_on_a_poll_page_goes_into_its_link(site):
    code, _ = site.open_room(QUESTION)
    page = open_page(room=code)
    page.radio(key="lang").set_value("ru").run()
    assert page.query_params["lang"] == "ru" and "Опрос аудитории" in page_texts(page)


def test_a_poll_opened_while_the_box_holds_a_mistake_asks_about_the_charts_logits(site):
    # a link whose logits can't be read shows the default logits on the charts; the poll
    # once tried the unreadable text and opened no room
    page = open_page(logits="1, two, 5", T="10")
    page.button(key="poll_open").click().run()
    assert not page.exception
    code = re.fullmatch(r"\?room=([2-9A-Z]{6})", page.code[0].value)[1]
    assert site.question(code).truth == pytest.approx(reference.softmax([1, 2, 5], 10),
                                                      rel=1e-12, abs=0)


def test_no_number_on_the_roomy_chart_runs_into_a_tick():
    # the mean's label, below its diamond, was crossed by the answer's thick tick when
    # the two were close (mean 0.190, answer 0.278)
    summary = poll.Summary(np.array([[0.28, 0.31, 0.41], [0.1, 0.3, 0.9]]),
                           np.array(QUESTION.truth))
    svg = export.render(poll_chart.guesses_chart(QUESTION, summary, style=charts.SLIDE),
                        "svg").decode()
    words, guesses, answers = drawn(svg)
    numbers = [word for word in words if word.words.startswith(("answer", "mean"))]
    assert len(numbers) == 6
    crossed = [(word.words, tick) for word in numbers for tick in [*guesses, *answers]
               if word.overlaps(tick)]
    assert not crossed, crossed



def test_a_database_that_cannot_be_reached_is_the_store_s_own_error(tmp_path):
    # the page catches StoreUnavailable, never a database library's errors
    with pytest.raises(poll.StoreUnavailable) as caught:
        poll.PollStore(f"postgresql+psycopg://nobody@127.0.0.1:{free_port()}/none")
    assert caught.value.localized("en") == (
        "The polls' database can't be reached just now; try again in a moment.")
    # a database deleted under a running store: SQLite makes an empty one, without tables
    store = poll.PollStore(f"sqlite:///{tmp_path / 'polls.sqlite3'}")
    code, _ = store.open_room(QUESTION)
    store.engine.dispose()
    for name in ("polls.sqlite3", "polls.sqlite3-wal", "polls.sqlite3-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    with pytest.raises(poll.StoreUnavailable):
        store.room(code)
    with pytest.raises(poll.StoreUnavailable):
        poll.default_database_url({"TEMPVIZ_DATA_DIR": "/proc/no/such/folder"})


def test_the_page_never_names_the_database_library():
    for path in [APP, *APP.parent.glob("page/*.py")]:
        assert "sqlalchemy" not in path.read_text(encoding="utf-8").lower(), path
