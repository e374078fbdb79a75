"""A second factor (TOTP, django-otp): optional for every staff member, required by setting
for administrators and heads.

Whoever has a confirmed TOTP device enters a six-digit code after the password, before any
staff page or the admin opens (``SecondFactorMiddleware``). With ``GONGKAI_OTP_REQUIRED=1``
(``settings.OTP_REQUIRED_ROLES``) administrators, heads and superusers without a device are
sent to enrol first. Wrong codes slow down exponentially (django-otp's throttling on the
device); a lost phone is handled by an administrator deleting the device in the admin.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

# pages an unverified user may still reach: signing in and out, the two pages here, public ones
_OPEN_PREFIXES = ("/accounts/", "/public/", "/static/", "/healthz", "/favicon")
SESSION_STATE = "gongkai_2fa"  # (user pk, "verify" | "enrol" | "none"), computed once per login
PENDING_DEVICE = "gongkai_2fa_pending"


def _roles(user) -> set[str]:
    from gongkai.agencies.models import Staff

    return set(Staff.objects.filter(user=user).values_list("role", flat=True))


def required_for(user) -> bool:
    required = set(getattr(settings, "OTP_REQUIRED_ROLES", ()))
    return bool(required) and (user.is_superuser or bool(_roles(user) & required))


def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        _state(request, user)


def _state(request, user=None) -> str:
    user = user or request.user
    cached = request.session.get(SESSION_STATE)
    if cached and cached[0] == user.pk:
        return cached[1]
    if any(True for _ in devices_for_user(user, confirmed=True)):
        state = "verify"
    elif required_for(user):
        state = "enrol"
    else:
        state = "none"
    request.session[SESSION_STATE] = (user.pk, state)
    return state


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not user.is_verified()
                and not request.path.startswith(_OPEN_PREFIXES)):
            state = _state(request)
            if state != "none":
                target = reverse("otp_verify" if state == "verify" else "otp_setup")
                return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _next(request) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, require_https=request.is_secure()):
        return nxt
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _token(request) -> str:
    return "".join(ch for ch in request.POST.get("otp_token", "") if ch.isdigit())[:8]


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The code after the password, for a user who enrolled."""
    devices = list(devices_for_user(request.user, confirmed=True))
    if not devices:
        return redirect(_next(request))
    error = ""
    if request.method == "POST":
        token = _token(request)
        for device in devices:
            allowed, _ = device.verify_is_allowed()
            if not allowed:
                error = "验证码错误次数过多，请稍后再试。"
                continue
            if token and device.verify_token(token):
                otp_login(request, device)
                return redirect(_next(request))
        error = error or "验证码不正确，请查看验证器应用中的最新六位数字。"
    return render(request, "registration/otp_verify.html",
                  {"error": error, "next": _next(request)}, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrol a TOTP authenticator: scan the QR code (or type the key), confirm with a code."""
    from gongkai.casework import audit

    user = request.user
    enrolled = list(devices_for_user(user, confirmed=True))
    if enrolled and not user.is_verified():
        return redirect(f"{reverse('otp_verify')}?{urlencode({'next': reverse('otp_setup')})}")
    device = None
    pending = request.session.get(PENDING_DEVICE)
    if pending:
        device = TOTPDevice.objects.filter(pk=pending, user=user, confirmed=False).first()
    if device is None and not enrolled:
        device = TOTPDevice.objects.create(user=user, name="验证器应用", confirmed=False)
        request.session[PENDING_DEVICE] = device.pk
    error = ""
    if request.method == "POST" and device is not None:
        if device.verify_token(_token(request)):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.pop(PENDING_DEVICE, None)
            request.session[SESSION_STATE] = (user.pk, "verify")
            otp_login(request, device)
            audit.record(user, "auth.otp_enrol", user, None, None, "启用两步验证（TOTP）")
            return redirect(_next(request))
        error = "验证码不正确，请确认手机时间准确后，输入验证器应用中的最新六位数字。"
    ctx = {"enrolled": bool(enrolled), "required": required_for(user), "error": error, "next": _next(request)}
    if device is not None and not enrolled:
        import base64

        import segno

        ctx["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1f2933")
        key = base64.b32encode(device.bin_key).decode()
        ctx["secret"] = " ".join(key[i:i + 4] for i in range(0, len(key), 4))
    return render(request, "registration/otp_setup.html", ctx, status=400 if error else 200)
