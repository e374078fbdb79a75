"""Locust scenario for bench/load.py: staff reading pages and working cases, on loopback only.

Three kinds of simulated staff, all of the demo's 海宁市人民政府 (HN):
- readers (hn-supervisor, hn-handler): home, case list (pages, filters, search), case pages, 表三;
- registrars (hn-clerk): the intake form, then a new application (a unique marker in its text);
- heads (hn-head): take a case registered in this run and walk it through 补正告知 → 收到补正 →
  延期 → 答复 → 送达; 补正告知, 延期 and 答复 each issue a numbered letter (the "letter" class).

Every request is recorded with its class (read / write / letter) and outcome; a step counts as
failed when its page says the letter was not issued. At the end the records, the submits that
succeeded (marker → case id) and the steps that succeeded go to $LOAD_RESULTS for the checks.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import threading
import uuid

from locust import HttpUser, between, events, task

from gongkai.identifiers import resident_id_check_char

PASSWORD = os.environ.get("LOAD_PASSWORD", "gongkai-demo")
RUN = uuid.uuid4().hex[:8]
RECORDS: list[dict] = []
SUBMITS: dict[str, int] = {}  # marker → case id, for every registration the server confirmed
STEPS: list[dict] = []  # {"case": pk, "step": name} for every step the server confirmed
CASES: list[int] = []  # registered in this run, waiting for a head to work them
LOCK = threading.Lock()
STEP_LETTER = {"request_correction": "correction_request", "approve_extension": "extension_notice",
               "decide": "reply"}

_csrf = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _hidden(html: str, name: str) -> str | None:
    m = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html) or \
        re.search(rf'value="([^"]*)"[^>]*name="{re.escape(name)}"', html)
    return m.group(1) if m else None


def _first_option(html: str, name: str, prefer: str = "") -> str | None:
    m = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    if not m:
        return None
    values = [v for v, label in re.findall(r'<option value="([^"]+)"[^>]*>([^<]*)', m.group(1)) if v]
    preferred = [v for v in values if prefer and prefer in v]
    return (preferred or values or [None])[0]


def _identifier(n: int) -> str:
    body = f"330481190001{(n % 28) + 1:02d}9{n % 100:02d}"[:17]
    return body + resident_id_check_char(body)


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, context=None,
            **kw):
    kind = (context or {}).get("kind", "read")
    RECORDS.append({"name": name, "kind": kind, "ms": response_time, "ok": exception is None,
                    "error": str(exception)[:200] if exception else ""})


@events.quitting.add_listener
def _write(environment, **kw):
    path = os.environ.get("LOAD_RESULTS")
    if path:
        with open(path, "w") as f:
            json.dump({"records": RECORDS, "submits": SUBMITS, "steps": STEPS}, f)


class Staff(HttpUser):
    abstract = True
    username = ""
    wait_time = between(0.5, 2.0)

    def on_start(self):
        page = self.client.get("/accounts/login/", name="login page")
        token = _csrf.search(page.text)
        with self.client.post("/accounts/login/", name="login", allow_redirects=False, catch_response=True,
                              data={"username": self.username, "password": PASSWORD,
                                    "csrfmiddlewaretoken": token.group(1) if token else ""},
                              context={"kind": "write"}) as r:
            if r.status_code != 302:
                r.failure(f"login failed: HTTP {r.status_code}")

    def _form_post(self, url: str, data: dict, name: str, kind: str, page_html: str):
        token = _csrf.search(page_html)
        data = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        return self.client.post(url, data=data, name=name, allow_redirects=False, catch_response=True,
                                context={"kind": kind}, headers={"Referer": self.host + url})


class Reader(Staff):
    weight = 4

    def on_start(self):
        self.username = random.choice(["hn-supervisor", "hn-handler"])
        super().on_start()

    @task(3)
    def case_list(self):
        params = random.choice([{}, {"status": "all"}, {"status": "open", "order": "new"}, {"q": "决算"},
                                {"page": str(random.randint(1, 3))}, {"status": "overdue"}])
        self.client.get("/cases/", params=params, name="case list")

    @task(3)
    def case_page(self):
        r = self.client.get("/cases/", params={"status": "all", "order": "new"}, name="case list")
        ids = re.findall(r'href="/cases/(\d+)/"', r.text)
        if ids:
            self.client.get(f"/cases/{random.choice(ids)}/", name="case page")

    @task(1)
    def home(self):
        self.client.get("/", name="home")

    @task(1)
    def table3(self):
        self.client.get("/table3/", name="table 3")


class Registrar(Staff):
    weight = 2
    username = "hn-clerk"

    @task
    def register(self):
        page = self.client.get("/cases/new/", name="intake form")
        if page.status_code != 200:
            return
        marker = f"LOAD-{RUN}-{uuid.uuid4().hex[:12]}"
        n = random.randint(1, 10**6)
        data = {
            "intake_key": _hidden(page.text, "intake_key") or uuid.uuid4().hex,
            "channel": _first_option(page.text, "channel"),
            "received_on": dt.date.today().isoformat(),
            "applicant_kind": "natural",
            "applicant_name": f"压测申请人{n % 1000}",
            "identifier": _identifier(n),
            "information_requested": f"2025年度部门预算执行情况（{marker}）",
            "form": _first_option(page.text, "form"),
            "delivery_route": _first_option(page.text, "delivery_route"),
            "acknowledge": "on",  # the 受理回执: registration issues a letter too
        }
        with self._form_post("/cases/new/", data, "register", "write", page.text) as r:
            m = re.search(r"/cases/(\d+)/", r.headers.get("Location", ""))
            if r.status_code == 302 and m:
                with LOCK:
                    SUBMITS[marker] = int(m.group(1))
                    CASES.append(int(m.group(1)))
            else:
                r.failure(f"register: HTTP {r.status_code}")


class Head(Staff):
    weight = 2
    username = "hn-head"
    wait_time = between(0.5, 1.5)
    plan = (("request_correction", "write+letter"), ("receive_correction", "write"),
            ("approve_extension", "write+letter"), ("decide", "write+letter"), ("deliver", "write"))

    def on_start(self):
        super().on_start()
        self.case, self.stage = None, 0

    @task
    def work(self):
        if self.case is None:
            with LOCK:
                if not CASES:
                    return
                self.case, self.stage = CASES.pop(0), 0
        step, kind = self.plan[self.stage]
        kind = "letter" if kind.endswith("letter") else "write"
        url = f"/cases/{self.case}/"
        page = self.client.get(url, name="case page")
        version = _hidden(page.text, f"{step}-version")
        if page.status_code != 200 or version is None:
            self.case = None  # the step is not offered (someone else moved the case): take another
            return
        today = dt.date.today().isoformat()
        data = {f"{step}-version": version, f"{step}-on": today,
                f"{step}-form_key": _hidden(page.text, f"{step}-form_key") or uuid.uuid4().hex}
        if step == "request_correction":  # the 补正 period defaults to 15 working days from receipt
            data.update({f"{step}-items": "请补充申请人身份证明复印件"})
        elif step == "approve_extension":
            data.update({f"{step}-days": "20", f"{step}-reason": "需要调取档案，无法在20个工作日内答复"})
        elif step == "decide":
            data.update({f"{step}-outcome": _first_option(page.text, f"{step}-outcome", prefer="予以公开"),
                         f"{step}-delivery": "通过电子邮件发送", f"{step}-reason": "经审查，该信息可以公开"})
        elif step == "deliver":
            data.update({f"{step}-method": _first_option(page.text, f"{step}-method"),
                         f"{step}-note": "EMS 1234567890"})
        with self._form_post(f"/cases/{self.case}/step/{step}/", data, f"step {step}", kind, page.text) as r:
            if r.status_code != 302:
                r.failure(f"{step}: HTTP {r.status_code}")
                self.case = None
                return
        after = self.client.get(url, name="case page")
        # a step's letter is numbered with the step; "待出具" (pending: it cannot be made yet) or
        # "未出具" (a step whose letter is missing) on the case page is a step without its letter
        if "待出具" in after.text or 'badge warn">未出具' in after.text:
            events.request.fire(request_type="CHECK", name=f"letter of {step}", response_time=0,
                                response_length=0, exception=RuntimeError("step saved, letter not issued"),
                                context={"kind": "letter"})
        with LOCK:
            STEPS.append({"case": self.case, "step": step})
        self.stage += 1
        if self.stage >= len(self.plan):
            self.case = None
