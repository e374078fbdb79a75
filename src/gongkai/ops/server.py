"""What `gongkai serve` starts: gunicorn (or runserver with ``--dev``) and the task worker.

Before the children start, the parent migrates the database and, for gunicorn, collects
the static files into ``STATIC_ROOT`` (WhiteNoise serves them with hashed names, compressed).
"""

from __future__ import annotations

import errno
import os
import socket
import sys
import urllib.request

from .supervise import Service, Supervisor


def port_problem(host: str, port: int) -> str | None:
    """A Chinese reason why the address cannot be listened on, or None."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                return f"端口 {port} 已被占用（可能平台已在运行），请先停止占用它的程序，或用 --port 另选端口"
            if e.errno == errno.EACCES:
                return f"没有权限监听端口 {port}（1024 以下的端口需要管理员权限），请用 --port 另选端口"
            return f"无法监听 {host}:{port}：{e.strerror}"
    return None


def web_argv(host: str, port: int, workers: int | None, dev: bool) -> list[str]:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    if dev:
        return [sys.executable, "-m", "django", "runserver", bind]
    argv = [sys.executable, "-m", "gunicorn", "-c", "python:gongkai.ops.gunicorn_conf", "--bind", bind]
    if workers:
        argv += ["--workers", str(workers)]
    return argv


def worker_argv() -> list[str]:
    return [sys.executable, "-m", "django", "worker"]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 - our own loopback address
            return r.status == 200
    except OSError:
        return False


def run(host: str, port: int, *, workers: int | None, dev: bool, with_worker: bool = True,
        say=print, on_ready=None) -> int:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    env.pop("GONGKAI_CLI", None)  # the children serve requests: they need the real secret key
    services = [Service("网站服务", web_argv(host, port, workers, dev), essential=True, env=env)]
    if with_worker:
        services.append(Service("后台任务进程", worker_argv(), essential=False, env=env))
    supervisor = Supervisor(services, say=say)
    supervisor.start()
    probe = f"http://{'[' + host + ']' if ':' in host else host}:{port}/healthz"
    if host in ("0.0.0.0", "::"):
        probe = f"http://127.0.0.1:{port}/healthz"
    return supervisor.watch(ready=lambda: healthy(probe), on_ready=on_ready)
