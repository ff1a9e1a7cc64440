"""Writes that no signal cuts short: while a file is written and its temporary file removed,
SIGINT, SIGTERM and SIGHUP are held back, and act the moment the write is whole.

A temporary file outlives its process only when the process ends between making it and
removing it: held signals make that window closed to every way a process can be asked to
end (Ctrl-C, a terminal closed, `kill`). SIGKILL and a power cut cannot be held: what they
leave, `validate` reports (discover.py) and the next write of the cache removes (cache.py).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

HELD = frozenset(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back for the block; one that came meanwhile acts as it
    ends (Python's KeyboardInterrupt, else the signal's own action: the process ends). A no-op
    where signals cannot be held (Windows, a thread other than the main one)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not (
        threading.main_thread()
    ):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def alive(pid: int) -> bool:
    """Whether a process `pid` runs on this machine (it may be another's by now)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's, or no way to ask: taken as running
        return True
    return True
