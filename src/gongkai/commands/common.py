"""What every platform command needs: Django set up on demand, errors as Chinese lines, lookups.

Django is set up inside each command (``setup_django()``), never at import, so the pure
commands of `gongkai` work without a database and start fast.
"""

from __future__ import annotations

import os

import typer


def _fail(message: str, code: int = 1):
    typer.echo(f"错误：{message}", err=True)
    raise typer.Exit(code)


def setup_django(serving: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    if not serving:
        os.environ.setdefault("GONGKAI_CLI", "1")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as e:
        _fail(f"平台配置有误：{e}")


def migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


def _agency(code: str):
    from gongkai.agencies.models import Agency

    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        known = ", ".join(Agency.objects.order_by("code").values_list("code", flat=True)[:20])
        _fail(f"找不到机关代码 {code!r}（已有：{known or '无，请先运行 gongkai demo'}）")
    return agency


def _system_user():
    """Commands act as the superuser named by GONGKAI_CLI_USER (default: the first superuser)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    name = os.environ.get("GONGKAI_CLI_USER")
    user = (User.objects.filter(username=name).first() if name
            else User.objects.filter(is_superuser=True).order_by("pk").first())
    if user is None:
        _fail("没有可用于命令行操作的管理员账号：请设置 GONGKAI_CLI_USER 或创建超级用户（createsuperuser）")
    return user


