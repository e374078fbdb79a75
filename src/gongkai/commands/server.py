"""gongkai serve / demo / synthetic: the platform started, its demo loaded, benchmark data made."""

from __future__ import annotations

import os

import typer

from .common import _fail, migrate, setup_django

# --- plain functions (the lead's cli.py and scripts call these) -----------------------------
# Each app may bring demo data of its own in ``gongkai.<app>.demo.load(today) -> accounts``;
# casework's goes first (it creates the agencies and staff the others build on).
DEMO_APPS = ("casework", "annual", "appeals", "publishing", "supervision", "portal")


def load_demo(today=None) -> list[tuple[str, str, str]]:
    """Migrate and load the demo; returns (username, password, role description) per account."""
    import importlib
    import importlib.util

    setup_django()
    migrate()
    accounts: list[tuple[str, str, str]] = []
    for app in DEMO_APPS:
        if importlib.util.find_spec(f"gongkai.{app}.demo") is None:
            continue
        accounts.extend(importlib.import_module(f"gongkai.{app}.demo").load(today=today) or [])
    return accounts


def generate_synthetic(n: int, seed: int = 1, agencies: int = 20, years: tuple[int, int] = (2021, 2026)) -> dict:
    """Bulk-insert `n` synthetic cases (benchmarks); returns counts and timing."""
    setup_django()
    migrate()
    from gongkai.casework import synthetic

    return synthetic.generate(n, seed=seed, agencies=agencies, years=years)


def serve(host: str = "127.0.0.1", port: int = 8000, demo: bool = False, dev: bool = False,
          workers: int | None = None) -> None:
    """Migrate, [load the demo], collect static files, then supervise the web server and the worker."""
    from gongkai.ops import server
    from gongkai.ops.lock import InstanceBusy, held

    if demo:
        os.environ.setdefault("GONGKAI_DEMO", "1")
        # links in the demo's notification e-mails (printed to the console) point at this server
        os.environ.setdefault("GONGKAI_SITE_URL", f"http://{'localhost' if host in ('0.0.0.0', '::') else host}:{port}")
    if dev:
        os.environ.setdefault("DJANGO_DEBUG", "1")
    problem = server.port_problem(host, port)
    if problem:
        _fail(problem)
    setup_django(serving=True)
    from django.conf import settings

    try:
        with held(settings.GONGKAI_HOME):  # one server per data directory, taken before migrating
            code = _serve_locked(host, port, demo, dev, workers)
    except InstanceBusy as e:
        _fail(f"{e}：同一数据目录只能运行一个平台，请先停止它")
    if code:
        raise typer.Exit(code)
    typer.echo("平台已停止")


def _serve_locked(host: str, port: int, demo: bool, dev: bool, workers: int | None) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from gongkai.ops import server

    migrate()
    if demo:
        accounts = load_demo()
        typer.echo("演示账号（仅供演示，密码公开）/ demo accounts:")
        for username, password, role in accounts:
            typer.echo(f"  {username:<14} {password:<14} {role}")
    if not dev:  # gunicorn: WhiteNoise serves what collectstatic gathered (runserver reads the apps)
        call_command("collectstatic", interactive=False, verbosity=0)
    connections.close_all()
    url = f"http://{'localhost' if host in ('0.0.0.0', '::') else host}:{port}/"
    kind = "开发服务器（runserver）" if dev else "gunicorn"

    def ready():
        typer.echo(f"gongkai 平台已启动（{kind}，数据目录 {settings.GONGKAI_HOME}）")
        typer.echo(f"请在浏览器中打开 {url}  （按 Ctrl-C 停止）；公开门户（无需登录）：{url}public/")

    return server.run(host, port, workers=workers, dev=dev, say=lambda m: typer.echo(m, err=True), on_ready=ready)


def serve_command(
    host: str = typer.Option("127.0.0.1", help="监听地址（生产环境放在反向代理之后，保持 127.0.0.1）"),
    port: int = typer.Option(8000, help="端口"),
    demo: bool = typer.Option(False, "--demo", help="载入演示机关、账号和办件（演示密码公开，勿用于正式环境）"),
    dev: bool = typer.Option(False, "--dev", help="开发模式：Django runserver，DEBUG 打开，代码改动自动重载"),
    workers: int = typer.Option(0, "--workers", "-w", help="gunicorn 工作进程数（默认：每个 CPU 2 个加 1，最多 8 个）"),
) -> None:
    """启动平台 (start the platform): migrate, [demo], static files, gunicorn + the task worker."""
    serve(host, port, demo, dev=dev, workers=workers or None)


def demo_command() -> None:
    """载入演示数据（可重复运行）(load the demo agency, staff and cases)."""
    os.environ.setdefault("GONGKAI_DEMO", "1")
    accounts = load_demo()
    for username, password, role in accounts:
        typer.echo(f"{username:<14} {password:<14} {role}")


def synthetic_command(
    n: int = typer.Argument(..., help="生成的办件数"),
    seed: int = typer.Option(1, help="随机种子"),
    agencies: int = typer.Option(20, help="机关数（1 个政府 + 部门/乡镇）"),
) -> None:
    """批量生成合成办件，用于性能测试 (bulk synthetic cases for benchmarks)."""
    stats = generate_synthetic(n, seed=seed, agencies=agencies)
    typer.echo(f"已生成 {stats['cases']} 件（{stats['seconds']:.1f} 秒）")


def mount(app: typer.Typer) -> None:
    app.command("serve")(serve_command)
    app.command("demo")(demo_command)
    app.command("synthetic")(synthetic_command)
