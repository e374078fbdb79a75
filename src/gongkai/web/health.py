"""``GET /healthz``: "ok" when the application and its database answer.

A middleware placed first, so the probe works whatever the Host header (the supervisor and a
load balancer ask for http://127.0.0.1:PORT/healthz, which is not in ALLOWED_HOSTS) and over
plain HTTP behind an HTTPS redirect; it returns nothing but "ok" and reads nothing.
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse

PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return HttpResponse("ok", content_type="text/plain")
        return self.get_response(request)
