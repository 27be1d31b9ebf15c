"""Choices of the investment app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CooperationMode(models.TextChoices):
    """合作方式 · How the investor takes part in a project."""

    SOLE = "sole", _("Sole proprietorship")
    JOINT_VENTURE = "joint_venture", _("Joint venture")
    COOPERATION = "cooperation", _("Cooperation")
    PPP = "ppp", _("Public–private partnership (PPP)")
    EQUITY = "equity", _("Equity investment")
    OTHER = "other", _("Other")


class ProjectStage(models.TextChoices):
    """项目阶段 · How far a project has come."""

    PLANNING = "planning", _("Planning")
    FEASIBILITY = "feasibility", _("Feasibility study")
    APPROVED = "approved", _("Approved")
    UNDER_CONSTRUCTION = "construction", _("Under construction")
    OPERATING = "operating", _("In operation")


#: What the booklet and the workbooks write, besides the values themselves.
COOPERATION_WORDS: dict[str, str] = {
    "独资": CooperationMode.SOLE,
    "合资": CooperationMode.JOINT_VENTURE,
    "合作": CooperationMode.COOPERATION,
    "ppp": CooperationMode.PPP,
    "股权投资": CooperationMode.EQUITY,
    "其他": CooperationMode.OTHER,
}
STAGE_WORDS: dict[str, str] = {
    "规划": ProjectStage.PLANNING,
    "谋划": ProjectStage.PLANNING,
    "可研": ProjectStage.FEASIBILITY,
    "可行性研究": ProjectStage.FEASIBILITY,
    "已立项": ProjectStage.APPROVED,
    "立项": ProjectStage.APPROVED,
    "在建": ProjectStage.UNDER_CONSTRUCTION,
    "建设中": ProjectStage.UNDER_CONSTRUCTION,
    "运营": ProjectStage.OPERATING,
    "已投产": ProjectStage.OPERATING,
}
