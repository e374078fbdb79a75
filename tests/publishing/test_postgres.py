"""PostgreSQL: the same search over the tsvector side table and its GIN index; constraints enforced.

    pg_virtualenv sh -c 'DATABASE_URL="postgres://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/$PGDATABASE" \
        pytest tests/publishing'
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from gongkai.publishing import selectors
from gongkai.publishing.models import Item

from .conftest import TODAY, draft, publish


@pytest.fixture
def on_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL=postgres://… (see the module docstring)")


def test_search_uses_the_gin_index(w, on_postgres):
    a = publish(w, draft(w, title="测试市2026年财政预算报告", document_number="", doc_kind="other", article_item="20-07"))
    publish(w, draft(w, title="单用途预付卡管理办法", document_number="测商发〔2026〕7号"))
    qs = selectors.public_items(w.dept, selectors.PublicFilter(q="财政预算"))
    assert list(qs.values_list("pk", flat=True)) == [a.pk]
    assert selectors.public_items(w.dept, selectors.PublicFilter(q="预")).count() == 2
    with connection.cursor() as c:
        c.execute("SET enable_seqscan = off")  # a tiny table: make the planner show the index it can use
    plan = selectors.matching(Item.objects.order_by(), "财政预算").values("pk").explain()
    with connection.cursor() as c:
        c.execute("SET enable_seqscan = on")
    assert "publishing_item_tsv_gin" in plan, plan


def test_unique_index_number_enforced(w, on_postgres):
    item = publish(w)
    other = draft(w, document_number="2号", title="另一个")
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=other.pk).update(index_number=item.index_number)


def test_row_lock_on_publish(w, on_postgres):
    item = draft(w)
    with transaction.atomic():
        locked = Item.objects.select_for_update(nowait=True).get(pk=item.pk)
        assert locked.version == item.version
    assert TODAY.year == 2026
