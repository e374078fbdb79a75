"""What a catalogue item is: the Regulation's article items, the document kinds that feed 表二,
and the item's statuses.  Labels are the Regulation's words, shown as they are."""

from __future__ import annotations

from django.db import models

CN_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
               "十一", "十二", "十三", "十四", "十五")


class ArticleItem(models.TextChoices):
    """Art. 20 (all 15 items) and Art. 21 (local items: 市政建设、公共服务 …)."""

    A20_01 = "20-01", "第二十条第（一）项 行政法规、规章和规范性文件"
    A20_02 = "20-02", "第二十条第（二）项 机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"
    A20_03 = "20-03", "第二十条第（三）项 国民经济和社会发展规划、专项规划、区域规划及相关政策"
    A20_04 = "20-04", "第二十条第（四）项 国民经济和社会发展统计信息"
    A20_05 = "20-05", "第二十条第（五）项 办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果"
    A20_06 = "20-06", "第二十条第（六）项 实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"
    A20_07 = "20-07", "第二十条第（七）项 财政预算、决算信息"
    A20_08 = "20-08", "第二十条第（八）项 行政事业性收费项目及其依据、标准"
    A20_09 = "20-09", "第二十条第（九）项 政府集中采购项目的目录、标准及实施情况"
    A20_10 = "20-10", "第二十条第（十）项 重大建设项目的批准和实施情况"
    A20_11 = "20-11", "第二十条第（十一）项 扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"
    A20_12 = "20-12", "第二十条第（十二）项 突发公共事件的应急预案、预警信息及应对情况"
    A20_13 = "20-13", "第二十条第（十三）项 环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"
    A20_14 = "20-14", "第二十条第（十四）项 公务员招考的职位、名额、报考条件等事项以及录用结果"
    A20_15 = "20-15", "第二十条第（十五）项 法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息"
    A21 = "21", "第二十一条 本地方具体情况确定的主动公开事项"

    @property
    def citation(self) -> str:
        """``第二十条第（一）项`` / ``第二十一条``: how reports and 表二 name the item."""
        return self.label.split(" ", 1)[0]

    @property
    def topic(self) -> str:
        return self.label.split(" ", 1)[1]

    @property
    def code(self) -> str:
        """The category code used in index numbers: ``01`` … ``15``, ``21``."""
        return self.value.split("-")[-1]


# TextChoices.values builds a new list on every access; imports check 10,000 rows.
ARTICLE_ITEMS = frozenset(ArticleItem.values)

# Art. 21's examples for 设区的市级、县级人民政府及其部门 (a local item names its topic)
LOCAL_TOPICS = ("市政建设", "公共服务", "公益事业", "土地征收", "房屋征收", "治安管理", "社会救助")


class DocKind(models.TextChoices):
    """The kinds 表二 counts (item （一）), and everything else."""

    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER = "other", "其他"


COUNTED_KINDS = (DocKind.REGULATION, DocKind.NORMATIVE)
DOC_KINDS = frozenset(DocKind.values)

# The national subject classification (主题分类) most portals use; free text is allowed too.
SUBJECTS = (
    "综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "国土资源、能源", "农业、林业、水利",
    "工业、交通", "商贸、海关、旅游", "市场监管、安全生产监管", "城乡建设、环境保护", "科技、教育",
    "文化、广电、新闻出版", "卫生、体育", "人口与计划生育、妇女儿童工作", "劳动、人事、监察",
    "公安、安全、司法", "民政、扶贫、救灾", "民族、宗教", "对外事务", "港澳台侨工作", "国防", "其他",
)


class Status(models.TextChoices):
    DRAFTED = "drafted", "草稿"
    SUBMITTED = "submitted", "待保密审查"
    REJECTED = "rejected", "审查退回"
    REVIEWED = "reviewed", "审查通过，待发布"
    PUBLISHED = "published", "已公开"
    ABOLISHED = "abolished", "已废止"
    DISCARDED = "discarded", "已作废"


# Statuses whose items are public (the portal, the feeds, 表二's published counts).
PUBLIC_STATUSES = (Status.PUBLISHED, Status.ABOLISHED)
# Statuses whose content may still change (editing, attachments).
EDITABLE_STATUSES = (Status.DRAFTED, Status.REJECTED)
