"""`gongkai serve`: gunicorn with static files, the worker beside it, both stopped with it."""

from __future__ import annotations

import gzip
import os
import signal
import socket
import time
from pathlib import Path

import pytest

from gongkai.casework.demo import synthetic_id
from ops.helpers import Server, clean_env, free_port, processes_of, run, static_href, wait_gone

pytestmark = pytest.mark.slow


def test_serves_pages_and_static_files_without_debug_and_stops_clean_on_ctrl_c(tmp_path):
    home = tmp_path / "home"
    server = Server(home, "--workers", "2")
    try:
        out = server.output()
        assert "gunicorn" in out and "Booting worker" in out
        pids = processes_of(home)
        assert len(pids) >= 5  # supervisor, gunicorn master + 2 workers, task worker
        assert "django worker" in " ".join(Path(f"/proc/{p}/cmdline").read_text().replace("\0", " ") for p in pids)

        page = server.get("/accounts/login/")
        assert page.status == 200
        html = page.read().decode()
        assert "工作人员登录" in html
        css = static_href(html)
        assert css.count(".") >= 2, "the manifest storage gives hashed names"
        r = server.get(css, headers={"Accept-Encoding": "gzip"})
        assert r.status == 200 and r.headers["Content-Type"].startswith("text/css")
        assert r.headers["Content-Encoding"] == "gzip" and "immutable" in r.headers["Cache-Control"]
        assert b"{" in gzip.decompress(r.read())

        missing = server.get("/no-such-page/")
        assert missing.status == 404
        body = missing.read()
        assert b"Traceback" not in body and b"DEBUG = True" not in body
        assert server.get("/healthz").read() == b"ok"
        # a search for an ID number never reaches the log (gunicorn logs the path without the query)
        server.get(f"/cases/?q={synthetic_id(7)}")
        time.sleep(0.5)
        assert synthetic_id(7) not in server.output() and '"GET /cases/"' in server.output()
    except BaseException:
        server.kill()
        raise
    code = server.stop(signal.SIGINT)  # what Ctrl-C sends to the foreground process
    assert code == 0
    assert wait_gone(home, timeout=10) == [], "a child outlived gongkai serve"
    assert "平台已停止" in server.output()


def test_children_die_with_a_killed_supervisor(tmp_path):
    home = tmp_path / "home"
    server = Server(home, "--workers", "2")
    try:
        assert len(processes_of(home)) >= 5
        os.kill(server.proc.pid, signal.SIGKILL)
        server.proc.wait(timeout=10)
        assert wait_gone(home, timeout=45) == [], "orphans left after kill -9 of gongkai serve"
    finally:
        server.kill()


def test_a_worker_that_dies_is_restarted(tmp_path):
    home = tmp_path / "home"
    server = Server(home, "--workers", "2")
    try:
        def worker_pids():
            return [p for p in processes_of(home)
                    if b"django\0worker" in Path(f"/proc/{p}/cmdline").read_bytes()]

        (first,) = worker_pids()
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            again = worker_pids()
            if again and again != [first]:
                break
            time.sleep(0.3)
        assert again and first not in again
        assert "后台任务进程意外退出" in server.output()
        assert server.get("/healthz").status == 200
    finally:
        server.stop()
        server.kill()


def test_port_in_use_is_a_clear_message(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r = run(["serve", "--port", str(port)], clean_env(tmp_path))
    assert r.returncode == 1
    assert f"端口 {port} 已被占用" in r.stderr and "Traceback" not in r.stderr


def test_production_server_refuses_to_start_without_a_secret_key(tmp_path):
    env = clean_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    r = run(["serve", "--port", str(free_port())], env)
    assert r.returncode != 0
    assert "DJANGO_SECRET_KEY" in r.stderr and "Traceback" not in r.stderr


def test_production_environment_behind_an_https_proxy(tmp_path):
    """The documented production settings: ready (the probe ignores Host), HTTPS via the proxy's header."""
    home = tmp_path / "home"
    env = clean_env(home, DJANGO_ALLOWED_HOSTS="gongkai.example.gov.cn", DJANGO_HTTPS="1", GONGKAI_PROXY_COUNT="1",
                    DJANGO_CSRF_TRUSTED_ORIGINS="https://gongkai.example.gov.cn")
    server = Server(home, "--workers", "2", env=env)
    try:
        host = {"Host": "gongkai.example.gov.cn"}
        plain = server.get("/accounts/login/", headers=host)
        assert plain.status == 301 and plain.headers["Location"].startswith("https://gongkai.example.gov.cn/")
        page = server.get("/accounts/login/", headers={**host, "X-Forwarded-Proto": "https"})
        assert page.status == 200
        assert "max-age=31536000" in page.headers["Strict-Transport-Security"]
        assert "Secure" in page.headers["Set-Cookie"]
        assert server.get("/accounts/login/", headers={"Host": "evil.example"}).status == 400
    finally:
        server.stop()
        server.kill()


def test_dev_mode_runs_runserver_and_stops_clean(tmp_path):
    home = tmp_path / "home"
    server = Server(home, "--dev")
    try:
        assert "开发服务器（runserver）" in server.output()
        page = server.get("/accounts/login/")
        assert page.status == 200
        css = static_href(page.read().decode())
        assert server.get(css).status == 200  # runserver serves the apps' static files in DEBUG
    except BaseException:
        server.kill()
        raise
    assert server.stop(signal.SIGINT) == 0
    assert wait_gone(home, timeout=10) == [], "runserver or its reloader child outlived gongkai serve"


def test_one_server_per_data_directory_and_no_restore_under_it(tmp_path):
    home = tmp_path / "home"
    server = Server(home, "--workers", "2")
    try:
        second = run(["serve", "--port", str(free_port())], clean_env(home))
        assert second.returncode == 1 and "已有平台在运行" in second.stderr
        archive = tmp_path / "b.tar.gz"
        assert run(["backup", "-o", str(archive)], clean_env(home)).returncode == 0  # backups while it runs
        r = run(["restore", str(archive), "--force"], clean_env(home))
        assert r.returncode == 1 and "平台正在运行" in r.stderr
    finally:
        server.stop()
        server.kill()
    r = run(["restore", str(archive), "--force"], clean_env(home))
    assert r.returncode == 0, r.stderr
