"""Python run inside a test instance (its own GONGKAI_HOME) by the ops tests."""

# Draw three issued letters' files and store one private upload: the files a backup must carry.
ADD_LETTERS = """
import django; django.setup()
from django.core.files.base import ContentFile
from gongkai.casework.actions.letters import render_document
from gongkai.casework.models import Document
from gongkai.web.uploads import private_storage
# the demo's letters are numbered with their steps and drawn by the worker; draw three here
for doc in Document.objects.filter(state="issued").order_by("pk")[:3]:
    assert render_document(doc.pk), doc.pk
private_storage().save("cases/1/scan.pdf", ContentFile(b"%PDF-1.4 a scanned reply"))
"""

# Everything a restore must bring back, as JSON: cases, letters with their files' hashes, audit events.
FINGERPRINT = """
import hashlib, json
import django; django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
from gongkai.casework.models import Application, AuditEvent, Document
def digest(f):
    return hashlib.sha256(open(f.path, "rb").read()).hexdigest() if f else None
private = sorted(str(p.relative_to(settings.GONGKAI_HOME)) for p in (settings.GONGKAI_HOME / "private").rglob("*")
                 if p.is_file())
print(json.dumps({
    "cases": sorted(Application.objects.values_list("pk", "number", "applicant_name", "status", "version")),
    "letters": sorted((d.pk, d.number, digest(d.docx), digest(d.pdf)) for d in Document.objects.all()),
    "audit": sorted(AuditEvent.objects.values_list("pk", "action", "object_id", "summary")),
    "users": sorted(get_user_model().objects.values_list("username", "password")),
    "private": private,
}, ensure_ascii=False, default=str))
"""
