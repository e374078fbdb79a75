"""PostgreSQL compatibility: the platform suite runs unchanged on PostgreSQL.

    pg_virtualenv sh -c 'DATABASE_URL="postgres://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE" \
        pytest tests/platform'

This module adds the checks that only mean something there: row locks are real and the
intake key's uniqueness is enforced by the database.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from gongkai.casework.models import Application

from .conftest import receive


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL=postgres://… (see the module docstring)")


def test_select_for_update_and_unique_intake_key(world, on_postgres):
    app = receive(world, intake_key="k1")
    with transaction.atomic():
        locked = Application.objects.select_for_update(nowait=True).get(pk=app.pk)
        assert locked.version == app.version
    dup = Application.objects.filter(pk=app.pk).values().get()
    dup.pop("id")
    dup["number"] = "other"
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(**dup)
