"""Synthetic catalogues for benchmarks: many items, bulk-inserted (no actions, no audit).

Agencies ``SYC`` (a government, 30 % of the items) and ``SYC-001`` … (departments).  Titles and
bodies are assembled from the words real catalogues use, so the bigram index has a realistic
spread of common and rare terms.  97 % published, 2 % abolished, 1 % in the workflow;
规范性文件 ≈ 8 %, 规章 ≈ 1 % (the government only); written 2016–2026.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.agencies.models import Agency, AgencyKind, Role, Staff

from . import search
from .choices import ArticleItem, DocKind, Status
from .models import CatalogueSettings, Item

PLACES = ["全市", "市区", "城乡", "开发区", "高新区", "各镇街道", "农村", "社区"]
TOPICS = ["老旧小区改造", "耕地保护", "民营经济发展", "住房公积金提取", "数字消费券", "单用途预付卡", "外贸出口补助",
          "食品安全监督抽检", "安全生产专项整治", "生态环境保护", "河湖长制", "垃圾分类", "养老服务补贴", "困难群众救助",
          "义务教育招生", "公立医院改革", "医疗保障基金", "就业创业补贴", "人才引进", "科技创新券", "农业保险",
          "高标准农田建设", "交通运输安全", "城市道路停车", "公共自行车", "防汛防台", "应急物资储备", "政府采购",
          "财政预算", "部门决算", "行政事业性收费", "行政许可事项", "行政处罚裁量基准", "重大建设项目", "土地征收",
          "房屋征收补偿", "国有资产管理", "统计调查", "公务员考试录用", "信访工作", "优化营商环境", "招商引资",
          "文化旅游", "体育设施", "疫苗接种", "消防安全", "物业管理", "燃气安全", "供水保障", "电动自行车管理"]
KINDS = ["管理办法", "实施意见", "实施细则", "工作方案", "通知", "公告", "报告", "规定", "若干政策", "通告"]
SENTENCES = ["为进一步规范{t}工作，根据有关法律法规，结合本市实际，制定本{k}。",
             "各镇人民政府、街道办事处，市政府各部门、各直属单位要高度重视{t}，切实加强组织领导。",
             "{p}范围内的{t}按照属地管理、分级负责的原则组织实施。",
             "有关部门应当建立健全{t}工作机制，加强监督检查，及时发现和纠正问题。",
             "对违反本{k}规定的，由有关部门依法予以处理；构成犯罪的，依法追究刑事责任。",
             "本{k}自印发之日起施行，有效期五年。此前有关规定与本{k}不一致的，以本{k}为准。",
             "{p}各单位要加大{t}宣传力度，提高群众知晓率和满意度。",
             "资金由市财政统筹安排，专款专用，接受审计监督和社会监督。"]


def _title(rng: random.Random, agency: Agency, year: int) -> tuple[str, str, str]:
    topic, kind = rng.choice(TOPICS), rng.choice(KINDS)
    title = f"{agency.name}关于{rng.choice(['印发', '做好', '加强', '推进', '公布'])}{year}年{topic}{kind}"
    return title, topic, kind


def _body(rng: random.Random, topic: str, kind: str) -> str:
    return "\n".join(rng.choice(SENTENCES).format(t=topic, k=kind, p=rng.choice(PLACES))
                     for _ in range(rng.randint(4, 10)))


def agencies(n: int) -> list[Agency]:
    gov, _ = Agency.objects.get_or_create(code="SYC", defaults={"name": "合成市人民政府", "kind": AgencyKind.GOVERNMENT})
    out = [gov]
    for i in range(1, n):
        a, _ = Agency.objects.get_or_create(code=f"SYC-{i:03d}", defaults={"name": f"合成市第{i}局", "parent": gov})
        out.append(a)
    for a in out:
        CatalogueSettings.objects.get_or_create(agency=a, defaults={"counts_from_year": 2016})
    return out


def staff(agency: Agency, role: str, username: str):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username, defaults={"first_name": username})
    Staff.objects.get_or_create(user=user, agency=agency, role=role)
    return user


def generate(n: int, seed: int = 1, n_agencies: int = 10, batch: int = 2000) -> dict:
    """Insert `n` items; returns counts and seconds."""
    rng = random.Random(seed)
    started = time.perf_counter()
    ags = agencies(n_agencies)
    reviewer = staff(ags[0], Role.REVIEWER, "syc-reviewer")
    weights = [0.3] + [0.7 / (len(ags) - 1)] * (len(ags) - 1) if len(ags) > 1 else [1.0]
    serial: dict[tuple, int] = {}
    start_id = (Item.objects.order_by("-id").values_list("id", flat=True).first() or 0)
    items, made = [], 0
    articles = [a.value for a in ArticleItem]
    for i in range(n):
        agency = rng.choices(ags, weights)[0]
        written = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(0, 3985))
        roll = rng.random()
        kind = (DocKind.REGULATION if agency is ags[0] and roll < 0.01 else
                DocKind.NORMATIVE if roll < 0.09 else DocKind.OTHER)
        article = ArticleItem.A20_01.value if kind != DocKind.OTHER else rng.choice(articles[1:])
        state = rng.random()
        status = (Status.PUBLISHED if state < 0.97 else Status.ABOLISHED if state < 0.99
                  else rng.choice([Status.DRAFTED, Status.SUBMITTED, Status.REJECTED]))
        public = status in (Status.PUBLISHED, Status.ABOLISHED)
        published = min(written + dt.timedelta(days=rng.randint(1, 40)), dt.date(2026, 11, 30)) if public else None
        title, topic, dkind = _title(rng, agency, written.year)
        body = _body(rng, topic, dkind)
        number = ""
        if public:
            key = (agency.code, article, published.year)
            serial[key] = serial.get(key, 0) + 1
            number = f"{agency.code}/{ArticleItem(article).code}/{published.year}/{serial[key] + start_id:06d}"
        doc_number = f"合{agency.code[-3:]}发〔{written.year}〕{start_id + i + 1}号" if rng.random() < 0.6 else ""
        abolished = None
        if status == Status.ABOLISHED:
            abolished = min(published + dt.timedelta(days=rng.randint(30, 900)), dt.date(2026, 11, 30))
        items.append(Item(
            agency=agency, status=status, index_number=number, title=title, document_number=doc_number,
            issuer=agency.name, written_on=written, published_on=published, article_item=article,
            local_topic="公共服务" if article == ArticleItem.A21 else "", doc_kind=kind, subject="综合政务",
            summary=body[:60], body=body, abolished_on=abolished,
            reviewed_by=reviewer if public else None, reviewed_on=published,
            search_text=search.index_text(title, doc_number, number, agency.name, "综合政务", "", body[:60], body),
        ))
        if len(items) >= batch:
            with transaction.atomic():
                Item.objects.bulk_create(items)
            made += len(items)
            items = []
    if items:
        with transaction.atomic():
            Item.objects.bulk_create(items)
        made += len(items)
    return {"items": made, "seconds": round(time.perf_counter() - started, 1)}
