"""The demo catalogue: 海宁市人民政府 and 海宁市商务局 with published 规范性文件 (one abolished and
replaced), budgets, plans, statistics, a late item, and items waiting at every review step;
two 保密审查员 accounts; the guide's particulars.  Everything goes through the actions, dated
relative to `today`, so the history, the audit trail and 表二 are real.  Idempotent.

The documents are fictitious (titles in the usual style; numbers and contents invented).
"""

from __future__ import annotations

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, Role, Staff

from . import actions
from .choices import DocKind
from .errors import PublishingError
from .models import Item

PASSWORD = "gongkai-demo"
REVIEWERS = [("hn-reviewer", "范审查", "HN"), ("sw-reviewer", "严审查", "HN-SW")]
CLERKS = {"HN": "hn-clerk", "HN-SW": "sw-clerk"}
HEADS = {"HN": "hn-head", "HN-SW": "sw-head"}

NORM, OTHER = DocKind.NORMATIVE, DocKind.OTHER
# (key, title, 文号, kind, article item, local topic, subject, written days ago, published after n days or None,
#  abolished days ago or None, replaced by key)
CATALOGUE = {
    "HN": [
        ("rc", "海宁市人民政府关于印发海宁市区域性人才市场管理办法的通知", "海政发〔{y}〕5号", NORM, "20-01", "",
         "劳动、人事、监察", 1000, 8, None, None),
        ("lx", "海宁市人民政府办公室关于印发海宁市城镇老旧小区改造实施办法的通知", "海政办发〔{y}〕21号", NORM, "20-01", "",
         "城乡建设、环境保护", 900, 6, 200, "lx2"),
        ("gd", "海宁市人民政府关于进一步加强耕地保护的实施意见", "海政发〔{y}〕3号", NORM, "20-01", "",
         "国土资源、能源", 650, 7, None, None),
        ("my", "海宁市人民政府办公室关于印发海宁市促进民营经济高质量发展若干政策的通知", "海政办发〔{y}〕9号", NORM, "20-01",
         "", "国民经济管理、国有资产监管", 520, 5, None, None),
        ("lx2", "海宁市人民政府办公室关于印发海宁市城镇老旧小区改造和提升实施办法的通知", "海政办发〔{y}〕8号", NORM, "20-01",
         "", "城乡建设、环境保护", 230, 8, None, None),
        ("gjj", "海宁市人民政府办公室关于印发海宁市住房公积金提取管理办法的通知", "海政办发〔{y}〕2号", NORM, "20-01", "",
         "城乡建设、环境保护", 75, 45, None, None),  # published late (Art. 26)
        ("jg", "海宁市人民政府机构职能和联系方式", "", OTHER, "20-02", "", "综合政务", 330, 3, None, None),
        ("gh", "海宁市国民经济和社会发展第十五个五年规划纲要", "", OTHER, "20-03", "", "国民经济管理、国有资产监管",
         300, 10, None, None),
        ("tj", "海宁市国民经济和社会发展统计公报", "", OTHER, "20-04", "", "国民经济管理、国有资产监管", 250, 5, None, None),
        ("ys", "海宁市财政预算执行情况和财政预算草案的报告", "", OTHER, "20-07", "", "财政、金融、审计", 310, 12, None, None),
        ("yj", "海宁市突发公共事件总体应急预案", "海政发〔{y}〕15号", OTHER, "20-12", "", "公安、安全、司法", 200, 6, None, None),
        ("gwy", "海宁市考试录用公务员职位表", "", OTHER, "20-14", "", "劳动、人事、监察", 40, 2, None, None),
        ("zd", "海宁市第十二批次城镇建设用地征收土地公告", "海政征〔{y}〕12号", OTHER, "21", "土地征收", "国土资源、能源",
         30, 4, None, None),
    ],
    "HN-SW": [
        ("yfk", "海宁市商务局关于印发海宁市单用途商业预付卡管理实施细则的通知", "海商发〔{y}〕6号", NORM, "20-01", "",
         "商贸、海关、旅游", 700, 9, None, None),
        ("wm", "海宁市商务局关于印发海宁市外贸出口补助资金管理办法的通知", "海商发〔{y}〕3号", NORM, "20-01", "",
         "商贸、海关、旅游", 280, 6, None, None),
        ("bmys", "海宁市商务局部门预算", "", OTHER, "20-07", "", "财政、金融、审计", 330, 14, None, None),
        ("xk", "海宁市商务局行政许可事项清单", "", OTHER, "20-05", "", "商贸、海关、旅游", 400, 5, None, None),
        ("cf", "海宁市商务局行政处罚裁量基准", "海商发〔{y}〕11号", OTHER, "20-06", "", "市场监管、安全生产监管",
         150, 7, None, None),
    ],
}
# Items caught in the workflow (HN): (title, 文号, kind, article item, local topic, written days ago, stop at, note)
IN_FLIGHT = [
    ("海宁市人民政府关于公布年度重大行政决策事项目录的公告", "", OTHER, "20-15", "", 3, "drafted", ""),
    ("海宁市人民政府办公室关于印发海宁市城市道路停车管理办法的通知", "海政办发〔{y}〕30号", NORM, "20-01", "", 6,
     "submitted", ""),
    ("海宁市某地块国有土地上房屋征收补偿方案", "", OTHER, "21", "房屋征收", 10, "rejected",
     "附件三“被征收人名单”含身份证号码和住址，属于个人信息，请删除后重新提交。"),
    ("海宁市城区公共自行车服务点调整方案", "", OTHER, "21", "公共服务", 45, "drafted", ""),  # past the Art. 26 day
]
PARTICULARS = {
    "HN": dict(office_name="海宁市人民政府办公室（政务公开科）", office_address="浙江省海宁市海洲街道文苑南路1号",
               postcode="314400", office_hours="工作日上午8:30—12:00，下午13:30—17:30（法定节假日除外）",
               phone="0573-87000000", fax="0573-87000001", email="zwgk@haining.example.gov.cn",
               website="https://www.haining.example.gov.cn", reconsideration_body="嘉兴市人民政府",
               court="嘉兴市中级人民法院"),
    "HN-SW": dict(office_name="海宁市商务局办公室", office_address="浙江省海宁市海洲街道水月亭西路2号",
                  postcode="314400", office_hours="工作日上午8:30—12:00，下午13:30—17:30",
                  phone="0573-87000100", email="swj@haining.example.gov.cn",
                  reconsideration_body="海宁市人民政府", court="海宁市人民法院"),
}
PLACES = {
    "HN": "海宁市人民政府门户网站“政府信息公开”专栏\n海宁市政务服务中心政府信息公开查阅点\n海宁市档案馆、海宁市图书馆政府信息查阅点",
    "HN-SW": "海宁市人民政府门户网站“政府信息公开”专栏（海宁市商务局）\n海宁市商务局办公楼一楼公开栏",
}


def _users() -> dict[str, object]:
    User = get_user_model()
    users = {}
    for username, full_name, code in REVIEWERS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if created:
            user.set_password(PASSWORD)
            user.save()
        Staff.objects.get_or_create(user=user, agency=Agency.objects.get(code=code), role=Role.REVIEWER)
        users[username] = user
    for name in (*CLERKS.values(), *HEADS.values()):
        users[name] = User.objects.get(username=name)
    return users


def _docx(title: str) -> SimpleUploadedFile:
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=1)
    doc.add_paragraph("（演示文件：内容为虚构，仅用于展示政府信息公开目录的附件下载。）")
    buf = io.BytesIO()
    doc.save(buf)
    return SimpleUploadedFile(f"{title[:40]}.docx", buf.getvalue())


def _particulars(agency: Agency, admin) -> None:
    """Fill the demo agency's blank office particulars (the guide prints them)."""
    from gongkai.casework import audit

    blank = {k: v for k, v in PARTICULARS[agency.code].items() if not getattr(agency, k)}
    if blank:
        with transaction.atomic():
            before = audit.snapshot(agency, list(blank))
            Agency.objects.filter(pk=agency.pk).update(**blank)
            agency.refresh_from_db()
            audit.record(admin, "publishing.demo_particulars", agency, before, audit.snapshot(agency, list(blank)),
                         "演示数据：补充公开工作机构信息")


def _publish_one(agency, clerk, reviewer, today, spec, created: dict) -> Item:
    key, title, number, kind, article, topic, subject, ago, delay, abolished_ago, replaced_by = spec
    written = today - dt.timedelta(days=ago)
    on = min(written + dt.timedelta(days=delay), today)
    review_day = on - dt.timedelta(days=min(1, (on - written).days))
    item = actions.do_create_item(clerk, agency, title=title, document_number=number.format(y=written.year),
                                  written_on=written, article_item=article, local_topic=topic, doc_kind=kind,
                                  subject=subject, summary=f"{title}。", body=_body(title), today=written)
    if key in ("rc", "lx2", "yfk"):
        actions.do_add_attachment(clerk, item, _docx(title), today=written)
    actions.do_submit_item(clerk, item, today=review_day)
    actions.do_approve_item(reviewer, item, note="经审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意公开。",
                            today=review_day)
    item = actions.do_publish_item(clerk, item, on=on, today=on)
    created[key] = item
    return item


def _body(title: str) -> str:
    return (f"{title}\n\n各镇人民政府、街道办事处，市政府各部门、各直属单位：\n"
            "现将有关事项通知如下，请结合实际认真贯彻执行。\n"
            "一、总体要求。坚持依法行政，规范管理，提高服务水平。\n"
            "二、主要内容。明确职责分工，完善工作机制，加强监督检查。\n"
            "三、施行日期。本文件自印发之日起施行。\n\n（演示文本，内容为虚构。）")


def load(today: dt.date | None = None) -> list[tuple[str, str, str]]:
    today = today or timezone.localdate()
    users = _users()
    accounts = [(u, PASSWORD, f"{Agency.objects.get(code=c).name}{Role.REVIEWER.label}") for u, _, c in REVIEWERS]
    if Item.objects.filter(agency__code__in=list(CATALOGUE)).exists():
        return accounts
    admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    for code, specs in CATALOGUE.items():
        agency = Agency.objects.get(code=code)
        clerk, head = users[CLERKS[code]], users[HEADS[code]]
        reviewer = users[next(u for u, _, c in REVIEWERS if c == code)]
        _particulars(agency, admin or head)
        actions.do_configure_catalogue(head, agency, counts_from_year=today.year - 3,
                                       index_agency_code={"HN": "002541209", "HN-SW": "002541305"}[code])
        actions.do_update_guide_profile(head, agency, publication_places=PLACES[code], today=today)
        created: dict[str, Item] = {}
        try:
            for spec in sorted(specs, key=lambda s: -s[7]):
                _publish_one(agency, clerk, reviewer, today, spec, created)
            for spec in specs:
                key, abolished_ago, replaced_by = spec[0], spec[9], spec[10]
                if abolished_ago is not None:
                    on = today - dt.timedelta(days=abolished_ago)
                    actions.do_abolish_item(clerk, created[key], on=on, today=on,
                                            replaced_by=created.get(replaced_by), note="已被新的实施办法替代")
            if code == "HN":
                for title, number, kind, article, topic, ago, stop, note in IN_FLIGHT:
                    written = today - dt.timedelta(days=ago)
                    item = actions.do_create_item(
                        clerk, agency, title=title, document_number=number.format(y=written.year), doc_kind=kind,
                        written_on=written, article_item=article, local_topic=topic, today=today)
                    if stop in ("submitted", "rejected"):
                        actions.do_submit_item(clerk, item, today=today)
                    if stop == "rejected":
                        actions.do_reject_item(reviewer, item, note=note, today=today)
        except PublishingError as e:  # a date the calendar cannot count is reported, not faked
            print(f"演示目录未完成（{agency.name}）：{e.message}")
    return accounts
