"""Running `gongkai` as an operator would: a separate process with its own GONGKAI_HOME."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

GONGKAI = str(Path(sys.executable).with_name("gongkai"))
SECRET = "test-secret-key-" + "k" * 40


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The machine's environment without any gongkai/Django settings, pointed at `home`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "GONGKAI_", "DATABASE_URL", "PYTEST"))}
    env.update(GONGKAI_HOME=str(home), DJANGO_SECRET_KEY=SECRET, PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args: list[str], env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([GONGKAI, *args], env=env, capture_output=True, text=True, timeout=timeout)


def processes_of(home: Path) -> list[int]:
    """Live processes whose environment names this GONGKAI_HOME (the server and every child)."""
    marker = f"GONGKAI_HOME={home}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def wait_gone(home: Path, timeout: float = 45) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = processes_of(home)
        if not left:
            return []
        time.sleep(0.3)
    return processes_of(home)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx is returned to the test as it is


_opener = urllib.request.build_opener(_NoRedirect)


class Server:
    """`gongkai serve` in the background; `.url`, `.get(path)`, `.stop(sig)`."""

    def __init__(self, home: Path, *args: str, env: dict | None = None, ready_timeout: float = 180):
        self.home, self.port = home, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = home / "serve.log"
        home.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([GONGKAI, "serve", "--port", str(self.port), *args],
                                     env=env or clean_env(home), stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + ready_timeout
        while "请在浏览器中打开" not in self.output():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"gongkai serve did not start:\n{self.output()}")
            time.sleep(0.3)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def get(self, path: str, headers: dict | None = None):
        req = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            return _opener.open(req, timeout=30)
        except urllib.error.HTTPError as e:
            return e

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self._log.close()

    def kill(self) -> None:
        for pid in processes_of(self.home):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        self._log.close()


def static_href(html: str) -> str:
    m = re.search(r'href="(/static/[^"]+\.css)"', html)
    assert m, "no stylesheet link in the page"
    return m.group(1)
