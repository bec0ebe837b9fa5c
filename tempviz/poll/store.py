"""The poll store's interface: what the pages ask of any store, its :class:`Room`, its
room codes and browser tokens, and :class:`StoreUnavailable`, the one error a page
needs to know for a store that cannot be reached. :class:`tempviz.poll.sql.PollStore`
implements it on any database SQLAlchemy speaks; another store would implement the
same methods and raise the same errors.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Protocol

from tempviz.poll.questions import PollError, Question, Received, Summary

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read off a projector
CODE_LENGTH = 6             # 31⁶ ≈ 887 million codes
PHASES = ("open", "closed", "revealed")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
_CODE_NOISE = re.compile(r"[\s\-]")  # spaces and dashes a person may type inside a code


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


class StoreUnavailable(PollError):
    """The store cannot be reached or written (a database down, a folder that cannot be
    made): a page says so plainly and logs the cause, which this error carries.

    >>> StoreUnavailable().localized("en")
    "The polls' database can't be reached just now; try again in a moment."
    """

    def __init__(self) -> None:
        super().__init__("poll.database")


class Store(Protocol):
    """What a poll's pages ask of a store. Every method raises :class:`PollError` for a
    refusal (an unknown or expired room, a wrong key, an answer that breaks a rule) and
    :class:`StoreUnavailable` when the store itself fails."""

    def open_room(self, question: Question) -> tuple[str, str]:
        """Open a room: its code, and its key, returned this once."""

    def controls(self, code: object, key: object) -> bool:
        """Whether ``key`` is the room's key."""

    def reveal(self, code: object, key: object) -> None:
        """Show the answer."""

    def close(self, code: object, key: object) -> None:
        """Stop taking answers."""

    def clear(self, code: object, key: object) -> None:
        """Delete every answer and open the room again."""

    def submit(self, code: object, token: object, typed: object) -> Received:
        """Store a browser's answer, replacing its earlier one."""

    def room(self, code: object) -> Room:
        """The room, without its question or answers."""

    def question(self, code: object) -> Question:
        """What the room asks."""

    def answer(self, code: object, token: object) -> tuple[float, ...] | None:
        """A browser's answer, if it gave one."""

    def summary(self, code: object, question: Question | None = None) -> Summary:
        """The class's guesses against the answer."""

