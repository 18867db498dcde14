"""Passwords: argon2id hashes (argon2-cffi's defaults, RFC 9106's second recommendation) and the rules a new
password must meet — long enough to resist guessing, yet without the composition rules users work around."""

from __future__ import annotations

import contextlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assessment.problems import Problem

MIN_LENGTH = 10
MAX_LENGTH = 200  # hashing cost grows with length: a megabyte "password" is refused before it is hashed
_HASHER = PasswordHasher()
# hashed once so that an unknown user name costs the same time as a wrong password (no user enumeration by timing)
_DUMMY = _HASHER.hash(secrets.token_urlsafe(16))

# The most common passwords of ten characters or more in public breach lists (English and Chinese users):
# refused whatever their case.
COMMON = frozenset(
    {
        "1234567890",
        "12345678910",
        "123456789a",
        "a123456789",
        "0123456789",
        "9876543210",
        "1111111111",
        "0000000000",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "qwertyuiop",
        "qwerty1234",
        "qwerty12345",
        "1234qwer",
        "asdfghjkl;",
        "asdfghjkl1",
        "password12",
        "password123",
        "password1234",
        "passw0rd12",
        "iloveyou12",
        "abcdefghij",
        "abc1234567",
        "abcd123456",
        "aa12345678",
        "qq123456789",
        "woaini1314",
        "woaini520520",
        "5201314520",
        "1314520520",
        "changeme123",
        "welcome123",
        "admin12345",
        "administrator",
        "maturitymap",
        "maturitymap1",
        "letmein123",
        "p@ssw0rd12",
        "zxcvbnm123",
        "1234567890a",
    }
)


def check(password: str, username: str = "") -> list[Problem]:
    """What is wrong with a new password; empty when it may be used."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(Problem("password_too_short", {"minimum": MIN_LENGTH}))
    if len(password) > MAX_LENGTH:
        problems.append(Problem("password_too_long", {"maximum": MAX_LENGTH}))
    lowered = password.strip().lower()
    if username and username.strip().lower() in lowered:
        problems.append(Problem("password_has_username"))
    if lowered in COMMON or len(set(lowered)) <= 2:
        problems.append(Problem("password_common"))
    return problems


def hash_password(password: str) -> str:
    """An argon2id hash: `$argon2id$v=19$m=…,t=…,p=…$salt$hash`."""
    return _HASHER.hash(password)


def verify(stored: str, password: str) -> bool:
    """Whether `password` matches the stored hash; an empty or damaged hash matches nothing (at the same cost)."""
    if len(password) > MAX_LENGTH:
        return False
    if not stored:
        _spend_the_same_time(password)
        return False
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether a hash was made with weaker parameters than today's (rehashed at the next sign-in)."""
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def _spend_the_same_time(password: str) -> None:
    with contextlib.suppress(VerificationError):
        _HASHER.verify(_DUMMY, password)


def one_time_password() -> str:
    """A random password for a new or reset account, to be changed at the first sign-in (about 95 bits)."""
    return secrets.token_urlsafe(12)
