"""Agency (机关) in a hierarchy and Staff membership with a role.

A user may hold several memberships (a head in one department, a supervisor at the
government).  Roles are the disclosure office's: registrar (登记), handler (承办),
head (公开工作机构负责人: approves extensions and decisions), supervisor (上级政府
监督: reads across subordinates), admin (系统管理员).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府部门"
    TOWNSHIP = "township", "乡镇（街道）"
    OTHER = "other", "其他"


class Agency(models.Model):
    code = models.CharField("机关代码", max_length=32, unique=True)
    name = models.CharField("机关名称", max_length=100)
    short_name = models.CharField("简称（文号用）", max_length=20, blank=True,
                                  help_text="用于文书编号，如“海商公开”")
    kind = models.CharField("类型", max_length=16, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT)
    parent = models.ForeignKey("self", verbose_name="上级机关", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    # The disclosure office's public particulars (Art. 12: the guide names them; letters and the
    # portal print them) and the remedies a letter's appeal clause names.
    office_name = models.CharField("政府信息公开工作机构", max_length=100, blank=True)
    office_address = models.CharField("办公地址", max_length=200, blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=50, blank=True)
    fax = models.CharField("传真", max_length=50, blank=True)
    email = models.CharField("电子邮箱", max_length=100, blank=True)
    website = models.CharField("网站", max_length=200, blank=True)
    reconsideration_body = models.CharField("行政复议机关", max_length=100, blank=True,
                                            help_text="答复书告知复议权利时写明，如“海宁市人民政府”")
    court = models.CharField("管辖人民法院", max_length=100, blank=True,
                             help_text="答复书告知诉讼权利时写明，如“海宁市人民法院”")

    class Meta:
        verbose_name = verbose_name_plural = "机关"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def descendants_ids(self) -> list[int]:
        """This agency and every agency below it (one query per level; hierarchies are shallow)."""
        ids, level = [self.pk], [self.pk]
        while level:
            level = list(Agency.objects.filter(parent_id__in=level).values_list("pk", flat=True))
            ids.extend(level)
        return ids

    @property
    def document_prefix(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    REGISTRAR = "registrar", "登记员"
    HANDLER = "handler", "承办人"
    HEAD = "head", "公开工作机构负责人"
    SUPERVISOR = "supervisor", "上级监督人员"
    REVIEWER = "reviewer", "保密审查员"
    ADMIN = "admin", "系统管理员"


class Staff(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="memberships")
    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="staff")
    role = models.CharField("角色", max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = verbose_name_plural = "工作人员"
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="staff_unique_role")]

    def __str__(self) -> str:
        return f"{self.user.get_username()} · {self.agency} · {self.get_role_display()}"
