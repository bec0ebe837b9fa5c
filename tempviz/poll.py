"""The class poll: a question, a room per question, and every student's prediction.

An instructor opens a :class:`Question` (the logits, T and cuts of a view) as a room:
a short code for the students and a secret key for the instructor. Students submit
predictions to the room by its code and a random per-browser token; resubmitting
replaces the previous answer. The key reveals the answer, closes the room to answers
or clears it. Rooms expire 24 hours after they open.

Everything goes through :class:`PollStore`, in SQLAlchemy Core: an SQLite file by
default (WAL mode, so students' writes never block the projector's reads), PostgreSQL
when several Streamlit processes serve one class, any database SQLAlchemy speaks
otherwise. Every value reaches the database as a bound parameter, never as SQL text;
the key and the tokens are stored only as SHA-256 hashes; nothing about a student is
stored but the numbers they typed. Streamlit is never imported here: the page layer
(``page/poll.py``) picks the database and shows the pages.

>>> store = PollStore("sqlite://")  # in memory, for this example
>>> question = Question.from_view(parse_logits("1, 2, 5"), View.from_query({"T": "10"})[0])
>>> code, key = store.open_room(question)
>>> store.submit(code, new_token(), "0.28, 0.31, 0.41").values
(0.28, 0.31, 0.41)
>>> store.reveal(code, key)
>>> summary = store.summary(code)
>>> summary.count, summary.within, summary.truth.round(3).tolist()
(1, 1, [0.278, 0.307, 0.415])
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import os
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from tempviz import charts
from tempviz.errors import TempvizError
from tempviz.exercise import TOLERANCE, read_prediction
from tempviz.frames import format_number
from tempviz.i18n import DEFAULT_LANGUAGE
from tempviz.logits import Logits, parse_logits  # noqa: F401 (the examples use it)
from tempviz.sampling import CUTS, chain, describe_chain
from tempviz.state import View

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read off a projector
CODE_LENGTH = 6             # 31⁶ ≈ 887 million codes
LIFETIME = 24 * 3600.0      # seconds a room takes answers and shows its results
REMEMBERED = 24 * 3600.0    # an expired room is kept this long to say it expired, then deleted
MAX_ANSWERS = 2_000         # answers a room takes (a resubmission replaces, never adds)
MAX_ANSWER_CHARS = 2_000    # characters in one typed answer
WRITE_INTERVAL = 1.0        # seconds between two writes from one browser token
MAX_OPEN_ROOMS = 10_000     # rooms alive at once on one database
MAX_EACH = 10               # up to this many classes students predict each probability;
SHOWN_LOGITS = 10           # beyond, only the most probable class's, seeing this many logits
SUM_SLACK = 0.05            # ten probabilities rounded to two decimals add up to 1 ± 0.05
BUSY_SECONDS = 30.0         # how long an SQLite writer waits for another's lock
PHASES = ("open", "closed", "revealed")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
_CODE_NOISE = re.compile(r"[\s\-]")  # spaces and dashes a person may type inside a code

metadata = MetaData()
rooms = Table(
    "poll_rooms", metadata,
    Column("code", String(16), primary_key=True),
    Column("key_hash", String(64), nullable=False),
    Column("question", Text, nullable=False),     # Question.to_json()
    Column("expects", Integer, nullable=False),   # how many numbers an answer holds
    Column("phase", String(16), nullable=False),  # one of PHASES
    Column("answers", Integer, nullable=False),   # rows in poll_answers for this room
    Column("opened_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False, index=True),
)
answers = Table(
    "poll_answers", metadata,
    Column("room", String(16), ForeignKey("poll_rooms.code", ondelete="CASCADE"),
           primary_key=True),
    Column("token_hash", String(64), primary_key=True),
    Column("guess", Text, nullable=False),        # a JSON list of the numbers
    Column("sent_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
)

# The statements the pages run most, built once: each call binds its values to them
# (the store never builds SQL from what anyone typed, and building them costs more than
# running them on SQLite)
_ROOM_FIELDS = [column for column in rooms.c if column.name != "question"]
_FIND_ROOM = select(*_ROOM_FIELDS).where(rooms.c.code == bindparam("b_code"))
# PostgreSQL: SELECT … FOR UPDATE; with the question, by whose classes an answer is read
_LOCK_ROOM = select(rooms).where(rooms.c.code == bindparam("b_code")).with_for_update()
_FIND_QUESTION = select(rooms.c.question).where(rooms.c.code == bindparam("b_code"))
_MINE = (answers.c.room == bindparam("b_code")) & (answers.c.token_hash == bindparam("b_token"))
_WRITTEN_AT = select(answers.c.updated_at).where(_MINE)
_GUESS = select(answers.c.guess).where(_MINE)
_REPLACE = update(answers).where(_MINE).values(guess=bindparam("b_guess"),
                                               updated_at=bindparam("b_now"))
_ADD = insert(answers).values(room=bindparam("b_code"), token_hash=bindparam("b_token"),
                              guess=bindparam("b_guess"), sent_at=bindparam("b_now"),
                              updated_at=bindparam("b_now"))
_COUNT_ONE_MORE = update(rooms).where(rooms.c.code == bindparam("b_code")).values(
    answers=rooms.c.answers + 1)
_ALL_GUESSES = select(answers.c.guess).where(answers.c.room == bindparam("b_code")).order_by(
    answers.c.sent_at)


class PollError(TempvizError):
    """A poll action that cannot be done: an unknown or expired room, a wrong key, an
    answer that breaks a rule. The key (``poll.unknown``, ``poll.wrong_key``, …) names
    which; the message is in ``tempviz/i18n``.

    >>> PollError("poll.wrong_key").localized("en")
    "This link can't control the poll."
    """


def new_token() -> str:
    """A browser's random token: 22 URL-safe characters, 128 random bits."""
    return secrets.token_urlsafe(16)


def valid_token(token: object) -> bool:
    """Whether ``token`` looks like one :func:`new_token` makes (a URL may hold anything).

    >>> valid_token(new_token()), valid_token("1' OR '1'='1"), valid_token(None)
    (True, False, False)
    """
    return isinstance(token, str) and _TOKEN.fullmatch(token) is not None


def new_code() -> str:
    """A random room code: CODE_LENGTH characters of CODE_ALPHABET."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(typed: object) -> str | None:
    """A room code as a person may type it (lower case, spaces, a dash), or None when
    it cannot be one.

    >>> normal_code(" k7m-2qx "), normal_code("K7M2Q0"), normal_code(12)
    ('K7M2QX', None, None)
    """
    if not isinstance(typed, str) or len(typed) > 4 * CODE_LENGTH:
        return None
    code = _CODE_NOISE.sub("", typed).upper()
    return code if _CODE.fullmatch(code) else None


def shown_code(typed: object) -> str:
    """A code from a link as a message may quote it: at most 16 characters."""
    typed = str(typed)
    return typed if len(typed) <= 16 else typed[:15] + "…"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def key_matches(key: object, key_hash: str) -> bool:
    """Whether ``key`` is the one hashed to ``key_hash``, compared in constant time.

    >>> key_matches("abc", _hash("abc")), key_matches("abd", _hash("abc"))
    (True, False)
    """
    if not isinstance(key, str) or not key or len(key) > 200:
        return False
    return hmac.compare_digest(_hash(key), key_hash)


@dataclass(frozen=True)
class Question:
    """What a room asks: the logits students see, T and the cuts, and the answer.

    With at most MAX_EACH classes students predict every probability; with more, only
    that of the most probable class (the largest logit), and they see the SHOWN_LOGITS
    largest logits. The answer is computed once, when the room opens.

    >>> q = Question.from_view(parse_logits("1, 2, 5"), View.from_query({"T": "0.1"})[0])
    >>> q.each, q.asked_labels, q.temperature, q.phrase("ru")
    (True, ['z1', 'z2', 'z3'], 0.1, 'T = 0,1')
    """

    labels: tuple[str, ...]     # the classes shown, in the order shown
    logits: tuple[float, ...]   # their logits
    classes: int                # how many classes the logits have in all
    link: tuple[tuple[str, str], ...]  # T and the cuts, as a link writes them
    asked: tuple[int, ...]      # which of the shown classes students predict
    truth: tuple[float, ...]    # the answer for each asked class

    @classmethod
    def from_view(cls, logits: Logits, view: View) -> Question:
        """The question for ``logits`` at the view's T and cuts.

        >>> q = Question.from_view(parse_logits(", ".join(map(str, range(20)))), View())
        >>> q.each, q.asked_labels, q.labels[:3], round(q.truth[0], 3)
        (False, ['z20'], ('z20', 'z19', 'z18'), 0.632)
        """
        values = np.asarray(logits.values, dtype=float)
        probabilities = chain(values, view.steps())
        link = tuple((name, value) for name, value in view.to_query().items()
                     if name in ("T", "order", *CUTS))
        if len(values) <= MAX_EACH:
            shown = np.arange(len(values))
            asked = tuple(range(len(values)))
        else:  # the largest logits, largest first; the first is the one asked
            shown = np.argsort(-values, kind="stable")[:SHOWN_LOGITS]
            asked = (0,)
        return cls(labels=tuple(logits.labels[i] for i in shown),
                   logits=tuple(float(values[i]) for i in shown), classes=len(values),
                   link=link, asked=asked,
                   truth=tuple(float(probabilities[shown[i]]) for i in asked))

    @property
    def each(self) -> bool:
        """Whether students predict every class (else only the most probable one)."""
        return len(self.asked) == self.classes

    @cached_property
    def view(self) -> View:
        """A view at the question's T and cuts."""
        return View.from_query(dict(self.link))[0]

    @property
    def temperature(self) -> float:
        return self.view.temperature

    def phrase(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """How the question names T: "T = 10", "T → 0", "T = 0,1" in Russian."""
        return charts.temperature_phrase(self.temperature, lang)

    @property
    def asked_labels(self) -> list[str]:
        return [self.labels[i] for i in self.asked]

    def names(self) -> list[str]:
        """What students predict, as the page and the chart name it: p(z1), p(z2), …"""
        return [f"p({label})" for label in charts.class_names(self.asked_labels, 0)]

    def chain_text(self, lang: str = DEFAULT_LANGUAGE) -> str | None:
        """The sampling chain when cuts are on, else None (T alone needs no chain)."""
        view = self.view
        return describe_chain(view.steps(), lang) if view.filters.cuts else None

    def logit_pairs(self, lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, str]]:
        """(label, logit as the language writes it) for every shown class."""
        return [(label, format_number(value, lang))
                for label, value in zip(self.labels, self.logits)]

    def to_json(self) -> str:
        return json.dumps({"labels": self.labels, "logits": self.logits,
                           "classes": self.classes, "link": dict(self.link),
                           "asked": self.asked, "truth": self.truth}, ensure_ascii=False)

    @classmethod
    def from_json(cls, saved: str) -> Question:
        data = json.loads(saved)  # Python's JSON keeps -inf logits as -Infinity
        return cls(labels=tuple(data["labels"]), logits=tuple(data["logits"]),
                   classes=data["classes"], link=tuple(data["link"].items()),
                   asked=tuple(data["asked"]), truth=tuple(data["truth"]))


@dataclass(frozen=True)
class Room:
    """A room as its pages see it, without its question or answers."""

    code: str
    phase: str         # "open": taking answers; "closed": not; "revealed": the answer shown
    answers: int
    expects: int       # numbers in one answer
    opened_at: float
    expires_at: float

    @property
    def revealed(self) -> bool:
        return self.phase == "revealed"


@dataclass(frozen=True)
class Received:
    """A stored answer: its numbers, whether it replaced an earlier one, and a note
    when the numbers add up to far from 1."""

    values: tuple[float, ...]
    replaced: bool
    note: PollError | None = None


def read_answer(typed: object, asked: Sequence[str], shown: Sequence[str] = ()
                ) -> tuple[float, ...]:
    """The numbers in a typed answer, read by the exercise's rules (decimals, decimal
    commas, classes named in any order, …): one number in [0, 1] for each ``asked``
    class, in their order, at most MAX_ANSWER_CHARS typed; naming a class ``shown`` but
    not asked is refused.

    >>> read_answer("0,2; 0,3; 0,5", ["z1", "z2", "z3"])
    (0.2, 0.3, 0.5)
    >>> read_answer("dog: 0.8, cat: 0.2", ["cat", "dog"])
    (0.2, 0.8)
    >>> try:
    ...     read_answer("0.2, 0.3, 0.5, 0", ["z1", "z2", "z3"])
    ... except TempvizError as error:
    ...     print(error)
    type 3 probabilities, one per class, but 4 were given
    """
    if not isinstance(typed, str) or not typed.strip():
        raise PollError("poll.empty")
    if len(typed) > MAX_ANSWER_CHARS:
        raise PollError("poll.too_long", limit=MAX_ANSWER_CHARS, length=len(typed))
    return tuple(float(x) for x in read_prediction(typed, len(asked), asked, shown))


def sum_note(values: tuple[float, ...], each: bool) -> PollError | None:
    """A note for a whole distribution whose total is far from 1: softmax's always is
    1, so the student should know, though the answer counts as typed.

    >>> sum_note((0.5, 0.5, 0.5), True).localized("en")
    'These add up to 1.5, but the probabilities of all classes always add up to 1.'
    >>> sum_note((0.33, 0.33, 0.33), True) is None
    True
    """
    total = math.fsum(values)
    if not each or abs(total - 1) <= SUM_SLACK:
        return None
    return PollError("poll.sum_far", total=total)


@dataclass(frozen=True)
class Summary:
    """The class's guesses (one row per student) against the answer.

    >>> s = Summary(np.array([[0.3, 0.7], [0.5, 0.5]]), np.array([0.31, 0.69]))
    >>> s.count, s.mean.tolist(), s.within
    (2, [0.4, 0.6], 1)
    """

    guesses: np.ndarray  # (students, asked classes)
    truth: np.ndarray    # (asked classes,)

    @property
    def count(self) -> int:
        return len(self.guesses)

    @property
    def mean(self) -> np.ndarray:
        """The mean guess for each class; NaN while nobody has answered."""
        if not self.count:
            return np.full(len(self.truth), math.nan)
        return self.guesses.mean(axis=0)

    @property
    def within(self) -> int:
        """Students within TOLERANCE of every probability (the exercise's rule)."""
        return sum(verdict(self.truth, row).correct for row in self.guesses)


@dataclass(frozen=True)
class Closeness:
    """How far one guess is from the answer: the worst class and by how much. Within
    TOLERANCE of every probability is right, as in the guided exercise."""

    worst: int
    error: float

    @property
    def correct(self) -> bool:
        return self.error <= TOLERANCE


def verdict(truth: np.ndarray | tuple, guess: np.ndarray | tuple) -> Closeness:
    """How far one student's guess is from the answer.

    >>> v = verdict((0.28, 0.31, 0.41), (0.3, 0.3, 0.4))
    >>> v.worst, round(v.error, 3), v.correct
    (0, 0.02, True)
    """
    truth = np.asarray(truth, dtype=float)
    # rounded to 12 decimals: 0.3 − 0.28 is 0.019999999999999990 or 0.02000000000000001
    # depending on the order of operations, and 0.02 away is within 0.02
    errors = np.round(np.abs(np.asarray(guess, dtype=float) - truth), 12)
    worst = int(np.argmax(errors))
    return Closeness(worst=worst, error=float(errors[worst]))


def default_database_url(environ: Mapping[str, str] = os.environ) -> str:
    """The SQLite file the polls go to when no database is named: ``polls.sqlite3`` in
    TEMPVIZ_DATA_DIR, or else in ~/.tempviz. The folder is made when missing.

    >>> default_database_url({"TEMPVIZ_DATA_DIR": "/tmp/tv"})
    'sqlite:////tmp/tv/polls.sqlite3'
    """
    folder = Path(environ.get("TEMPVIZ_DATA_DIR") or Path.home() / ".tempviz").expanduser()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder.resolve() / 'polls.sqlite3'}"


def make_engine(url: str) -> Engine:
    """An engine for ``url``. SQLite gets WAL mode (readers never wait for a writer),
    a busy timeout, foreign keys, and writes that take the lock when they begin (BEGIN
    IMMEDIATE), so two writers never deadlock upgrading a read lock."""
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
    engine = create_engine(url, connect_args={"timeout": BUSY_SECONDS,
                                              "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(connection, _record) -> None:
        connection.isolation_level = None  # SQLAlchemy's BEGIN below, not the driver's
        cursor = connection.cursor()
        for pragma in ("journal_mode=WAL", f"busy_timeout={int(BUSY_SECONDS * 1000)}",
                       "synchronous=NORMAL", "foreign_keys=ON"):
            cursor.execute(f"PRAGMA {pragma}")  # constants only
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        writes = connection.get_execution_options().get("writes", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


class PollStore:
    """Rooms and answers in one database. Thread-safe: share one store per process.

    ``url`` is any SQLAlchemy URL (``sqlite:///path``, ``postgresql+psycopg://…``);
    the tables are created on first use. ``clock`` gives the time in seconds (tests
    pass their own to expire rooms); ``max_answers`` and ``write_interval`` are the
    room's answer limit and one browser's pause between writes.
    """

    def __init__(self, url: str, *, clock: Callable[[], float] = time.time,
                 max_answers: int = MAX_ANSWERS, write_interval: float = WRITE_INTERVAL,
                 max_rooms: int = MAX_OPEN_ROOMS):
        self.url, self.clock = url, clock
        self.max_answers, self.write_interval, self.max_rooms = (
            max_answers, write_interval, max_rooms)
        self.engine = make_engine(url)
        # SQLite takes one writer at a time, and a writer that finds the database locked
        # sleeps before it tries again; within one process, queueing writers here instead
        # spares those sleeps (other processes still meet SQLite's own lock)
        self._one_writer = (threading.Lock() if self.engine.dialect.name == "sqlite"
                            else nullcontext())
        self._create_tables()

    def _create_tables(self) -> None:
        # Several processes starting on one PostgreSQL database may race to create the
        # tables; the loser's CREATE fails, and the tables are there on its next look.
        for attempt in range(3):
            try:
                metadata.create_all(self.engine)
                return
            except (IntegrityError, ProgrammingError, OperationalError):
                if attempt == 2:
                    raise
                time.sleep(0.2)

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """A transaction that writes: committed when the block ends, rolled back if it
        raises (so a refused answer leaves nothing behind)."""
        with self._one_writer, self.engine.connect() as connection:
            connection.execution_options(writes=True)
            with connection.begin():
                yield connection

    def _room_row(self, connection: Connection, code: object, *, lock: bool = False):
        """The room's row, locked for this transaction when ``lock`` (PostgreSQL's
        SELECT … FOR UPDATE; an SQLite writer holds the whole database already), so
        that every write to one room happens one after another."""
        normal = normal_code(code)
        if normal is None:
            raise PollError("poll.no_code" if not str(code).strip() else "poll.unknown",
                            code=shown_code(code))
        row = connection.execute(_LOCK_ROOM if lock else _FIND_ROOM,
                                 {"b_code": normal}).one_or_none()
        if row is None:
            raise PollError("poll.unknown", code=normal)
        if row.expires_at <= self.clock():
            raise PollError("poll.expired", code=normal)
        return row

    # the instructor's side

    def open_room(self, question: Question) -> tuple[str, str]:
        """Open a room for ``question``: its code and its key. The key is returned once
        and stored only as its hash. Rooms expired over a day ago are deleted first."""
        key = secrets.token_urlsafe(24)
        for _attempt in range(20):  # a new code if the random one is taken
            now, code = self.clock(), new_code()
            try:
                with self._writing() as connection:
                    gone = select(rooms.c.code).where(rooms.c.expires_at < now - REMEMBERED)
                    connection.execute(delete(answers).where(answers.c.room.in_(gone)))
                    connection.execute(delete(rooms).where(rooms.c.expires_at < now - REMEMBERED))
                    alive = connection.scalar(select(func.count()).select_from(rooms).where(
                        rooms.c.expires_at > now))
                    if alive >= self.max_rooms:
                        raise PollError("poll.too_many_rooms")
                    connection.execute(insert(rooms).values(
                        code=code, key_hash=_hash(key), question=question.to_json(),
                        expects=len(question.asked), phase="open", answers=0, opened_at=now,
                        expires_at=now + LIFETIME))
                return code, key
            except IntegrityError:
                continue
        raise PollError("poll.too_many_rooms")

    def controls(self, code: object, key: object) -> bool:
        """Whether ``key`` controls the room (unknown and expired rooms raise)."""
        with self.engine.connect() as connection:
            return key_matches(key, self._room_row(connection, code).key_hash)

    def _control(self, code: object, key: object, change: Callable) -> None:
        with self._writing() as connection:
            row = self._room_row(connection, code, lock=True)
            if not key_matches(key, row.key_hash):
                raise PollError("poll.wrong_key")
            change(connection, row.code, row.phase)

    def reveal(self, code: object, key: object) -> None:
        """Show the answer on every page of the room; no more answers are taken."""
        self._control(code, key, lambda connection, code, phase: connection.execute(
            update(rooms).where(rooms.c.code == code).values(phase="revealed")))

    def close(self, code: object, key: object) -> None:
        """Take no more answers (the answer stays hidden until revealed)."""
        def stop(connection: Connection, code: str, phase: str) -> None:
            if phase == "open":  # a revealed room stays revealed
                connection.execute(update(rooms).where(rooms.c.code == code).values(
                    phase="closed"))
        self._control(code, key, stop)

    def clear(self, code: object, key: object) -> None:
        """Delete every answer, hide the answer again and take new answers."""
        def wipe(connection: Connection, code: str, phase: str) -> None:
            connection.execute(delete(answers).where(answers.c.room == code))
            connection.execute(update(rooms).where(rooms.c.code == code).values(
                phase="open", answers=0))
        self._control(code, key, wipe)

    # the students' side

    def submit(self, code: object, token: object, typed: object) -> Received:
        """Store a student's answer, or replace the one their token sent before.

        Refused, with a :class:`PollError` or the exercise's reading error and nothing
        stored: an unknown or expired room, a room not taking answers, a bad token, an
        answer that breaks :func:`read_answer`'s rules, a second write from one token
        within ``write_interval`` seconds, a new answer to a room that has
        ``max_answers`` already.
        """
        if not valid_token(token):
            raise PollError("poll.bad_token")
        if isinstance(typed, str) and len(typed) > MAX_ANSWER_CHARS:  # before any work
            raise PollError("poll.too_long", limit=MAX_ANSWER_CHARS, length=len(typed))
        token_hash = _hash(token)
        with self._writing() as connection:
            row = self._room_row(connection, code, lock=True)
            if row.phase != "open":
                raise PollError("poll.not_open")
            question = Question.from_json(row.question)
            values = read_answer(typed, question.asked_labels, question.labels)
            now = self.clock()
            mine = {"b_code": row.code, "b_token": token_hash}
            written = {**mine, "b_guess": json.dumps(values), "b_now": now}
            before = connection.execute(_WRITTEN_AT, mine).one_or_none()
            if before is not None:
                if now - before.updated_at < self.write_interval:
                    raise PollError("poll.too_fast")
                connection.execute(_REPLACE, written)
            else:
                if row.answers >= self.max_answers:
                    raise PollError("poll.full", limit=self.max_answers)
                connection.execute(_ADD, written)
                connection.execute(_COUNT_ONE_MORE, mine)
        return Received(values=values, replaced=before is not None,
                        note=sum_note(values, row.expects > 1))

    # reading

    def room(self, code: object) -> Room:
        """The room's phase and answer count (one row: what the pages poll)."""
        with self.engine.connect() as connection:
            row = self._room_row(connection, code)
        return Room(code=row.code, phase=row.phase, answers=row.answers, expects=row.expects,
                    opened_at=row.opened_at, expires_at=row.expires_at)

    def question(self, code: object) -> Question:
        with self.engine.connect() as connection:
            row = self._room_row(connection, code)
            return Question.from_json(connection.scalar(_FIND_QUESTION, {"b_code": row.code}))

    def answer(self, code: object, token: object) -> tuple[float, ...] | None:
        """The answer this token sent, or None."""
        if not valid_token(token):
            return None
        with self.engine.connect() as connection:
            row = self._room_row(connection, code)
            guess = connection.scalar(_GUESS, {"b_code": row.code, "b_token": _hash(token)})
        return None if guess is None else tuple(json.loads(guess))

    def guesses(self, code: object) -> np.ndarray:
        """Every answer in the room, one row each, in the order they first came."""
        with self.engine.connect() as connection:
            row = self._room_row(connection, code)
            saved = connection.scalars(_ALL_GUESSES, {"b_code": row.code}).all()
        return np.array([json.loads(guess) for guess in saved], dtype=float).reshape(
            len(saved), row.expects)

    def summary(self, code: object, question: Question | None = None) -> Summary:
        """The class's guesses against the answer."""
        question = question or self.question(code)
        return Summary(self.guesses(code), np.asarray(question.truth, dtype=float))
