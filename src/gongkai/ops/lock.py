"""One server per data directory, and no restore under a running server.

`gongkai serve` holds an exclusive lock on ``GONGKAI_HOME/.serve.lock`` while it runs (the
kernel drops it when the process ends, however it ends); a second `gongkai serve` on the same
data directory, or `gongkai restore`, finds it taken and refuses with a clear message.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

NAME = ".serve.lock"


class InstanceBusy(Exception):
    pass


@contextlib.contextmanager
def held(home: Path):
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.pread(fd, 32, 0).decode(errors="replace").strip()
            raise InstanceBusy(f"数据目录 {home} 已有平台在运行（进程 {other or '?'}）") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


def running(home: Path) -> str | None:
    """The running server's process id when one holds the lock, else None."""
    path = home / NAME
    if not path.exists():
        return None
    try:
        with held(home):
            return None
    except InstanceBusy:
        return path.read_text().strip() or "?"
