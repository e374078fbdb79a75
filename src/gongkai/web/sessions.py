"""Sessions end after a spell without requests, and a fixed time after login at the latest.

Django alone only has an absolute age counted from the last save. This middleware keeps two
timestamps in the session: the login time (absolute limit, ``SESSION_COOKIE_AGE``) and the
last request (idle limit, ``SESSION_IDLE_SECONDS``). The last-request time is written at most
once a minute, so reading pages does not turn every request into a database write.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

LOGIN_AT, SEEN_AT = "gongkai_login_at", "gongkai_seen_at"
TOUCH_EVERY = 60  # seconds


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = session.setdefault(LOGIN_AT, now)
            seen_at = session.get(SEEN_AT, now)
            idle = now - seen_at > settings.SESSION_IDLE_SECONDS
            if idle or now - login_at > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, "由于长时间未操作，您已自动退出登录，请重新登录。" if idle
                              else "登录已超过有效时长，请重新登录。")
                return redirect_to_login(request.get_full_path())
            if now - seen_at >= TOUCH_EVERY or SEEN_AT not in session:
                session[SEEN_AT] = now
        return self.get_response(request)



def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = request.session[SEEN_AT] = now
