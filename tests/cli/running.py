"""How the CLI tests run a command: `python -m assessment` in a child process, as a user does, or the same main() in
this process, for the many calls that only check what a command says and writes (a child costs 1.5–3 s of imports).

Each command keeps tests that run it as a child (real=True): the entry point, the exit code of a process, the
environment a child inherits. In this process, the call gets what a child would: the environment given, the project
folder as its working folder, standard input, standard output and error read back as text with universal newlines,
argparse's exit as the return code, and the warnings Python shows by default printed on standard error.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def command(
    args: Sequence[str],
    env: Mapping[str, str | None] | None = None,
    *,
    input: str | bytes | None = None,
    text: bool = True,
    timeout: float = 60,
    real: bool = False,
) -> subprocess.CompletedProcess:
    """`python -m assessment ARGS` with `env` changed (None removes a variable); as a child when `real`."""
    changes = {"PYTHONPATH": str(ROOT), **(env or {})}
    if real:
        child = {**os.environ, **{k: v for k, v in changes.items() if v is not None}}
        for name in [k for k, v in changes.items() if v is None]:
            child.pop(name, None)
        if input is None:
            input = "" if text else b""
        argv = [sys.executable, "-m", "assessment", *args]
        return subprocess.run(argv, input=input, capture_output=True, text=text, cwd=ROOT, env=child, timeout=timeout)
    return _in_process(list(args), changes, input, text)


def _in_process(args: list[str], changes: Mapping[str, str | None], input: str | bytes | None, text: bool):
    from assessment.cli.main import main

    data = input.encode() if isinstance(input, str) else (input or b"")
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    stdout, stderr = _stream(), _stream()
    with _environment(changes), _working_folder(ROOT), _default_warnings(), _streams(stdin, stdout, stderr):
        try:
            code = main(args)
        except SystemExit as exit_:  # argparse: bad arguments, --help
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
            if isinstance(exit_.code, str):
                print(exit_.code, file=sys.stderr)
    out, err = (_read(stream, text) for stream in (stdout, stderr))
    return subprocess.CompletedProcess(["python", "-m", "assessment", *args], code, out, err)


def _stream() -> io.TextIOWrapper:
    """A text stream with a byte buffer under it (`sys.stdout.buffer`), UTF-8 like the child's."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)


def _read(stream: io.TextIOWrapper, text: bool) -> str | bytes:
    stream.flush()
    raw = stream.buffer.getvalue()
    if not text:
        return raw
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as subprocess.run(text=True) reads it


@contextlib.contextmanager
def _environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    before = {name: os.environ.get(name) for name in changes}
    try:
        for name, value in changes.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _working_folder(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@contextlib.contextmanager
def _default_warnings() -> Iterator[None]:
    """Python's default warning filters (not pytest's), shown on standard error, as in a child process."""
    with warnings.catch_warnings():
        warnings.resetwarnings()
        warnings.simplefilter("default")
        for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
            warnings.filterwarnings("ignore", category=category)
        warnings.showwarning = _show_warning
        yield


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@contextlib.contextmanager
def _streams(stdin, stdout, stderr) -> Iterator[None]:
    before = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        yield
    finally:
        sys.stdin, sys.stdout, sys.stderr = before
