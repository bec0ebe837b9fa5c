"""The poll store in SQLAlchemy Core (see :mod:`tempviz.poll`).
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
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
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError, SQLAlchemyError

from tempviz.poll.questions import (
    MAX_ANSWER_CHARS,
    PollError,
    Question,
    Received,
    Summary,
    read_answer,
    sum_note,
)
from tempviz.poll.store import (
    Room,
    StoreUnavailable,
    new_code,
    normal_code,
    shown_code,
    valid_token,
)

LIFETIME = 24 * 3600.0      # seconds a room takes answers and shows its results
REMEMBERED = 24 * 3600.0    # an expired room is kept this long to say it expired, then deleted
MAX_ANSWERS = 2_000         # answers a room takes (a resubmission replaces, never adds)
WRITE_INTERVAL = 1.0        # seconds between two writes from one browser token
MAX_OPEN_ROOMS = 10_000     # rooms alive at once on one database
BUSY_SECONDS = 30.0         # how long an SQLite writer waits for another's lock

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


def default_database_url(environ: Mapping[str, str] = os.environ) -> str:
    """The SQLite file the polls go to when no database is named: ``polls.sqlite3`` in
    TEMPVIZ_DATA_DIR, or else in ~/.tempviz. The folder is made when missing.

    >>> default_database_url({"TEMPVIZ_DATA_DIR": "/tmp/tv"})
    'sqlite:////tmp/tv/polls.sqlite3'
    """
    folder = Path(environ.get("TEMPVIZ_DATA_DIR") or Path.home() / ".tempviz").expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as failure:
        raise StoreUnavailable() from failure
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


def _reachable(method: Callable) -> Callable:
    """The store's method, with a failure of the database or of its folder raised as
    StoreUnavailable (carrying the cause), so a page never needs to know of SQL."""
    @functools.wraps(method)
    def reached(*args, **options):
        try:
            return method(*args, **options)
        except (SQLAlchemyError, OSError) as failure:
            raise StoreUnavailable() from failure
    return reached


class PollStore:
    """Rooms and answers in one database, as :class:`tempviz.poll.store.Store` asks.
    Thread-safe: share one store per process. A database that fails raises
    StoreUnavailable.

    ``url`` is any SQLAlchemy URL (``sqlite:///path``, ``postgresql+psycopg://…``);
    the tables are created on first use. ``clock`` gives the time in seconds (tests
    pass their own to expire rooms); ``max_answers`` and ``write_interval`` are the
    room's answer limit and one browser's pause between writes.
    """

    @_reachable
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

    @_reachable
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

    @_reachable
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

    @_reachable
    def reveal(self, code: object, key: object) -> None:
        """Show the answer on every page of the room; no more answers are taken."""
        self._control(code, key, lambda connection, code, phase: connection.execute(
            update(rooms).where(rooms.c.code == code).values(phase="revealed")))

    @_reachable
    def close(self, code: object, key: object) -> None:
        """Take no more answers (the answer stays hidden until revealed)."""
        def stop(connection: Connection, code: str, phase: str) -> None:
            if phase == "open":  # a revealed room stays revealed
                connection.execute(update(rooms).where(rooms.c.code == code).values(
                    phase="closed"))
        self._control(code, key, stop)

    @_reachable
    def clear(self, code: object, key: object) -> None:
        """Delete every answer, hide the answer again and take new answers."""
        def wipe(connection: Connection, code: str, phase: str) -> None:
            connection.execute(delete(answers).where(answers.c.room == code))
            connection.execute(update(rooms).where(rooms.c.code == code).values(
                phase="open", answers=0))
        self._control(code, key, wipe)

    # the students' side

    @_reachable
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

    @_reachable
    def room(self, code: object) -> Room:
        """The room's phase and answer count (one row: what the pages poll)."""
        with self.engine.connect() as connection:
            row = self._room_row(connection, code)
        return Room(code=row.code, phase=row.phase, answers=row.answers, expects=row.expects,
                    opened_at=row.opened_at, expires_at=row.expires_at)

    @_reachable
    def question(self, code: object) -> Question:
        with self.engine.connect() as connection:
            row = self._room_row(connection, code)
            return Question.from_json(connection.scalar(_FIND_QUESTION, {"b_code": row.code}))

    @_reachable
    def answer(self, code: object, token: object) -> tuple[float, ...] | None:
        """The answer this token sent, or None."""
        if not valid_token(token):
            return None
        with self.engine.connect() as connection:
            row = self._room_row(connection, code)
            guess = connection.scalar(_GUESS, {"b_code": row.code, "b_token": _hash(token)})
        return None if guess is None else tuple(json.loads(guess))

    @_reachable
    def guesses(self, code: object) -> np.ndarray:
        """Every answer in the room, one row each, in the order they first came."""
        with self.engine.connect() as connection:
            row = self._room_row(connection, code)
            saved = connection.scalars(_ALL_GUESSES, {"b_code": row.code}).all()
        return np.array([json.loads(guess) for guess in saved], dtype=float).reshape(
            len(saved), row.expects)

    @_reachable
    def summary(self, code: object, question: Question | None = None) -> Summary:
        """The class's guesses against the answer."""
        question = question or self.question(code)
        return Summary(self.guesses(code), np.asarray(question.truth, dtype=float))
