"""Run the web server and the task worker together, and stop them together.

`gongkai serve` is the parent of both. Each child leads a process group of its own (gunicorn's
workers, runserver's reloader child are in it), so that:

- Ctrl-C in the terminal reaches the supervisor only; it stops the web server first (no new
  requests), then the worker, each with SIGTERM to its leader, and SIGKILL to its whole group
  after a grace period: nothing is left running;
- SIGTERM or SIGHUP to the supervisor (systemd, a closed terminal) does the same;
- if the supervisor itself is killed (kill -9), each child gets SIGTERM from the kernel
  (Linux ``PR_SET_PDEATHSIG``) and gunicorn stops its workers: no orphan either way;
- a worker that dies is started again (after 1, 2, 4 … 60 s); a web server that dies ends
  the whole service with a non-zero exit, for systemd to restart it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # runs in the child between fork and exec
    # not Linux: no prctl, and the signal handlers alone stop the children
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Service:
    name: str  # Chinese, for messages
    argv: list[str]
    essential: bool  # its death ends the service; otherwise it is restarted
    env: dict[str, str] | None = None
    process: subprocess.Popen | None = None
    restarts: int = 0
    next_start: float = 0.0
    started_at: float = field(default=0.0)

    def start(self) -> None:
        self.process = subprocess.Popen(self.argv, env=self.env, start_new_session=True,
                                        preexec_fn=_die_with_parent if sys.platform == "linux" else None)
        self.started_at = time.monotonic()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal_group(self, sig: int) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)

    def stop(self, grace: float) -> None:
        """SIGTERM the leader (gunicorn's master stops its workers gracefully), wait for it,
        then SIGKILL whatever of its group is left."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=grace)
        self.signal_group(signal.SIGKILL)  # stragglers of the group (a worker that ignored TERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


class Supervisor:
    def __init__(self, services: list[Service], say: Callable[[str], None] = print, grace: float = 35.0):
        self.services = services
        self.say = say
        self.grace = grace
        self.stopping: int | None = None  # the signal that asked us to stop

    def _on_signal(self, signum, frame) -> None:
        if self.stopping is None:
            self.stopping = signum

    def start(self) -> None:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, self._on_signal)
        for service in self.services:
            service.start()

    def stop(self) -> None:
        # web server first (it stops taking requests and finishes those in flight), worker last
        for service in sorted(self.services, key=lambda s: not s.essential):
            service.stop(self.grace)

    def watch(self, ready: Callable[[], bool] | None = None, on_ready: Callable[[], None] | None = None,
              ready_timeout: float = 60.0) -> int:
        """Wait until a signal or an essential child's death; restart the others. Returns the exit code."""
        started = time.monotonic()
        is_ready = ready is None
        code = 0
        try:
            while self.stopping is None:
                for service in self.services:
                    if service.alive():
                        continue
                    if service.essential:
                        rc = service.process.returncode if service.process else -1
                        self.say(f"{service.name}意外退出（退出码 {rc}），平台停止")
                        return 1
                    now = time.monotonic()
                    if service.next_start == 0.0:
                        delay = min(60.0, 2.0 ** min(service.restarts, 6))
                        if now - service.started_at > 300:  # ran a good while: not a crash loop
                            service.restarts, delay = 0, 1.0
                        service.next_start = now + delay
                        self.say(f"{service.name}意外退出（退出码 {service.process.returncode}），"
                                 f"{delay:.0f} 秒后重启")
                    elif now >= service.next_start:
                        service.restarts += 1
                        service.next_start = 0.0
                        service.start()
                if not is_ready:
                    if ready():
                        is_ready = True
                        if on_ready:
                            on_ready()
                    elif time.monotonic() - started > ready_timeout:
                        self.say(f"平台在 {ready_timeout:.0f} 秒内未能就绪，已停止")
                        return 1
                time.sleep(0.2 if not is_ready else 0.5)
            self.say("正在停止平台……")
            return code
        finally:
            self.stop()
