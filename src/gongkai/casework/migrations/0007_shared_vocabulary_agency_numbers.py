"""Data: the shared vocabulary, case numbers with the agency's prefix, letters in private storage.

* Channel values are now `gongkai.deadlines.Channel`'s: post_signed → signed_post,
  post_plain → plain_post (one vocabulary for the clock and the platform).
* Case numbers repeated across agencies (2026-00003 in every agency): each now starts with
  its agency's code (HN-SW-2026-00003), as new ones do.
* Stored letters move from MEDIA_ROOT (which a web server might publish) to the private
  storage under GONGKAI_HOME/private; a missing file is left as it is (the case page offers
  to draw it again).
* Documents issued before letters came with their steps are marked issued.
"""

import shutil
from pathlib import Path

from django.db import migrations

CHANNELS = {"post_signed": "signed_post", "post_plain": "plain_post"}


def forward(apps, schema_editor):
    Application = apps.get_model("casework", "Application")
    Agency = apps.get_model("agencies", "Agency")
    Document = apps.get_model("casework", "Document")
    for old, new in CHANNELS.items():
        Application.objects.filter(channel=old).update(channel=new)
    codes = dict(Agency.objects.values_list("pk", "code"))
    for pk, agency_id, number in Application.objects.values_list("pk", "agency_id", "number").iterator():
        prefix = f"{codes[agency_id]}-"
        if not number.startswith(prefix):
            Application.objects.filter(pk=pk).update(number=(prefix + number)[:48])
    _move_letters(Document)


def _move_letters(Document):
    from django.conf import settings

    media, private = Path(settings.MEDIA_ROOT), Path(settings.GONGKAI_HOME) / "private"
    for doc in Document.objects.all().iterator():
        for name in (doc.docx.name, doc.pdf.name):
            if not name:
                continue
            src, dst = media / name, private / name
            if src.is_file() and not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(src), str(dst))


def backward(apps, schema_editor):
    Application = apps.get_model("casework", "Application")
    for old, new in CHANNELS.items():
        Application.objects.filter(channel=new).update(channel=old)


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0002_agency_profile_reviewer"),
        ("casework", "0006_letters_with_steps_attachments_search"),
    ]

    operations = [migrations.RunPython(forward, backward)]
