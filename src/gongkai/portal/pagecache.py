"""Cached public pages: the catalogue, the guide, annual reports, the landing pages and their
feeds are the same for every visitor, so a rendered page is kept in the shared cache and
served from it until something public changes.

Correct invalidation: every save or delete of a publishing, annual-report or agency row bumps
a generation number once its transaction has committed; a page is cached under the
generation current when it was asked for, so after a publish no worker serves the old page.
Only anonymous-equivalent answers are kept: GET, status 200, HTML or Atom, no cookie set, not
private; the portal's own forms (apply, track) and file downloads are never cached.  The text
size (适老化 cookie) is part of the key."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse

PREFIX = "/public/"
NEVER = ("/track", "/apply", "/text-size", "/files/", "/guide.")
WATCHED_APPS = {"publishing", "annual", "agencies"}
GEN_KEY = "portal:pc:gen"
MAX_BYTES = 512 * 1024


def _cache():
    return caches["default"]


def generation() -> str:
    gen = _cache().get(GEN_KEY)
    if gen is None:
        gen = str(time.time_ns())
        _cache().add(GEN_KEY, gen, None)
        gen = _cache().get(GEN_KEY) or gen
    return gen


def bump() -> None:
    _cache().set(GEN_KEY, str(time.time_ns()), None)


def on_change(sender, **kwargs) -> None:
    """post_save/post_delete receiver: public content changed.  Bumped now (no page of the old
    generation is served from here on) and again after the commit (a page rendered from the old
    rows between the two, by a request that read before the commit, is not kept either)."""
    if sender._meta.app_label in WATCHED_APPS:
        bump()
        transaction.on_commit(bump)


def cacheable_request(request) -> bool:
    path = request.path
    return (request.method in ("GET", "HEAD") and path.startswith(PREFIX)
            and not any(part in path for part in NEVER) and len(request.get_full_path()) <= 1000)


def key_for(request) -> str:
    large = request.COOKIES.get("portal_text") == "large"
    raw = f"{request.get_host()}|{request.get_full_path()}|{'L' if large else 'N'}"
    return f"portal:pc:{generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def storable(response) -> bool:
    ctype = response.get("Content-Type", "")
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and ("text/html" in ctype or "atom" in ctype or "xml" in ctype)
            and "private" not in response.get("Cache-Control", "") and not response.has_header("Content-Disposition")
            and len(response.content) <= MAX_BYTES)


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 300)  # read per request: tests, benches
        if not timeout or not cacheable_request(request):
            return self.get_response(request)
        key = key_for(request)
        hit = _cache().get(key)
        if hit is not None:
            status, headers, body = hit
            resp = HttpResponse(body, status=status)
            for name, value in headers:
                resp[name] = value
            resp["X-Portal-Cache"] = "hit"
            return resp
        response = self.get_response(request)
        if storable(response):
            # the headers later middleware added (X-Frame-Options …) are served with the copy
            headers = [(k, v) for k, v in response.items() if k.lower() not in ("vary", "set-cookie", "content-length")]
            _cache().set(key, (response.status_code, headers, response.content), timeout)
            response["X-Portal-Cache"] = "miss"
        return response
