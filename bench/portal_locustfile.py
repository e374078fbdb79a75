"""Locust scenario for bench/portal_load.py, loopback only.  PORTAL_PHASE chooses:

- ``pages``: anonymous visitors reading the public pages (landing, catalogue, searches, item
  pages, guide, feeds, annual reports) without pause — served from the portal's page cache;
- ``apply``: citizens applying online with an ID copy: GET the form, POST it (a unique marker in
  the request text); one in ten posts the same form again, which must be refused (409) and
  registered once.

Every request is recorded; the applications the server confirmed (marker → number) go to
$LOAD_RESULTS with the records, for bench/portal_check.py.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import uuid

from locust import HttpUser, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

from gongkai.identifiers import resident_id_check_char

PHASE = os.environ.get("PORTAL_PHASE", "pages")
PAGES = json.loads(os.environ.get("PORTAL_PAGES", "[]"))
AGENCY = os.environ.get("PORTAL_AGENCY", "HN-SW")
RUN = uuid.uuid4().hex[:8]
RECORDS: list[dict] = []
CONFIRMED: dict[str, str] = {}  # marker → application number
DUPLICATES = {"refused": 0, "registered_again": 0}
LOCK = threading.Lock()
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82")
_hidden = re.compile(r'name="(csrfmiddlewaretoken|intake_key)" value="([^"]+)"')
_number = re.compile(r'id="tracking-number">([^<]+)<')


def _identifier(n: int) -> str:
    body = f"330481190001{(n % 28) + 1:02d}9{n % 100:02d}"[:17]
    return body + resident_id_check_char(body)


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, context=None, **kw):
    RECORDS.append({"name": name, "ms": response_time, "ok": exception is None,
                    "error": str(exception)[:200] if exception else ""})


@events.quitting.add_listener
def _write(environment, **kw):
    path = os.environ.get("LOAD_RESULTS")
    if path:
        with open(path, "w") as f:
            json.dump({"phase": PHASE, "run": RUN, "records": RECORDS, "confirmed": CONFIRMED,
                       "duplicates": DUPLICATES}, f)


class Visitor(FastHttpUser):
    wait_time = constant(0)
    weight = 1 if PHASE == "pages" else 0

    @task
    def read(self):
        url = random.choice(PAGES)
        with self.client.get(url, name=url.split("?")[0][:40], catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")


class Citizen(HttpUser):
    wait_time = constant(0)
    weight = 1 if PHASE == "apply" else 0

    @task
    def apply(self):
        url = f"/public/{AGENCY}/apply/"
        form = self.client.get(url, name="apply form")
        fields = dict(_hidden.findall(form.text))
        if "intake_key" not in fields:
            return
        marker = f"LOAD-{RUN}-{uuid.uuid4().hex[:12]}"
        data = {**fields, "applicant_kind": "natural", "applicant_name": "压力测试", "id_document": "",
                "identifier": _identifier(random.randrange(10_000)), "contact_phone": "13800000000",
                "contact_email": "", "contact_address": "", "form": "electronic", "delivery_route": "online",
                "information_requested": f"门户压力测试 {marker}", "website": ""}
        files = {"id_copy": ("id.png", PNG, "image/png")}
        with self.client.post(url, data=data, files=files, name="apply submit", catch_response=True,
                              headers={"Referer": self.host + url}) as r:
            m = _number.search(r.text or "")
            if r.status_code != 200 or not m:
                r.failure(f"HTTP {r.status_code}: {(r.text or '')[:120]!r}")
                return
            with LOCK:
                CONFIRMED[marker] = m.group(1).strip()
        if random.random() < 0.1:  # the same form posted again (a double click, a reload)
            with self.client.post(url, data=data, files=files, name="apply again (must be refused)",
                                  catch_response=True, headers={"Referer": self.host + url}) as r:
                if r.status_code == 409:
                    DUPLICATES["refused"] += 1
                    r.success()
                else:
                    DUPLICATES["registered_again"] += 1
                    r.failure(f"double submission answered HTTP {r.status_code}")
