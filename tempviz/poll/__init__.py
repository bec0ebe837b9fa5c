"""The class poll: a question, a room per question, and every student's prediction.

An instructor opens a :class:`Question` (the logits, T and cuts of a view) as a room:
a short code for the students and a secret key for the instructor. Students submit
predictions to the room by its code and a random per-browser token; resubmitting
replaces the previous answer. The key reveals the answer, closes the room to answers
or clears it. Rooms expire 24 hours after they open.

The package has three parts: :mod:`~tempviz.poll.questions` (what a room asks and how
an answer is read and judged), :mod:`~tempviz.poll.store` (the interface every store
offers, with its errors) and :mod:`~tempviz.poll.sql` (:class:`PollStore`, that
interface in SQLAlchemy Core); the chart is :mod:`tempviz.charts.poll`. The store is
SQLAlchemy Core: an SQLite file by
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

from tempviz.logits import parse_logits  # noqa: F401 (the example uses it)
from tempviz.poll.questions import (
    MAX_ANSWER_CHARS,
    MAX_EACH,
    SHOWN_LOGITS,
    SUM_SLACK,
    Closeness,
    PollError,
    Question,
    Received,
    Summary,
    read_answer,
    sum_note,
    verdict,
)
from tempviz.poll.sql import (
    BUSY_SECONDS,
    LIFETIME,
    MAX_ANSWERS,
    MAX_OPEN_ROOMS,
    REMEMBERED,
    WRITE_INTERVAL,
    PollStore,
    answers,
    default_database_url,
    key_matches,
    make_engine,
    metadata,
    rooms,
)
from tempviz.poll.store import (
    CODE_ALPHABET,
    CODE_LENGTH,
    PHASES,
    Room,
    Store,
    StoreUnavailable,
    new_code,
    new_token,
    normal_code,
    shown_code,
    valid_token,
)
from tempviz.state import View  # noqa: F401 (the example uses it)

__all__ = ["BUSY_SECONDS", "CODE_ALPHABET", "CODE_LENGTH", "LIFETIME", "MAX_ANSWERS",
           "MAX_ANSWER_CHARS", "MAX_EACH", "MAX_OPEN_ROOMS", "PHASES", "REMEMBERED",
           "SHOWN_LOGITS", "SUM_SLACK", "WRITE_INTERVAL", "Closeness", "PollError", "PollStore",
           "Question", "Received", "Room", "Store", "StoreUnavailable", "Summary", "answers",
           "default_database_url", "key_matches", "make_engine", "metadata", "new_code",
           "new_token", "normal_code", "read_answer", "rooms", "shown_code", "sum_note",
           "valid_token", "verdict"]
