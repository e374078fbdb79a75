from django.apps import AppConfig

from gongkai.web.nav import NavItem


class WebConfig(AppConfig):
    """The project's own pages: lockout, second factor (templates under web/templates)."""

    name = "gongkai.web"
    label = "gongkai_web"
    verbose_name = "平台"
    # every signed-in user may enrol a second factor (no query per page to decide who)
    nav_items = (NavItem("otp", "两步验证", "otp_setup", order=90),)

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from gongkai.web import sessions, twofactor

        # computed while the login request writes its session anyway, not on the next page
        user_logged_in.connect(sessions.on_login, dispatch_uid="gongkai.sessions")
        user_logged_in.connect(twofactor.on_login, dispatch_uid="gongkai.twofactor")
