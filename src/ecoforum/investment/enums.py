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


class RequestStatus(models.TextChoices):
    """洽谈请求状态 · Where a 1:1 meeting request stands."""

    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RequestSide(models.TextChoices):
    """Who asked for the meeting."""

    INVESTOR = "investor", _("Investor")
    OWNER = "owner", _("Project owner")


class MeetingStatus(models.TextChoices):
    """洽谈安排状态 · A meeting from the scheduler's draft to the table."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class SigningKind(models.TextChoices):
    """签约类型 · What an agreement signed on stage is."""

    NEW = "new", _("New investment")
    CAPITAL_INCREASE = "capital_increase", _("Capital increase")
    FRAMEWORK = "framework", _("Framework agreement")
    STRATEGIC = "strategic", _("Strategic cooperation")


class PartyRole(models.TextChoices):
    """签约方角色 · Who signs, for which side."""

    INVESTOR = "investor", _("Investor")
    OWNER = "owner", _("Project owner")
    GOVERNMENT = "government", _("Government")
    WITNESS = "witness", _("Witness")


class AttachmentKind(models.TextChoices):
    """项目附件类型."""

    BROCHURE = "brochure", _("Brochure")
    FEASIBILITY = "feasibility", _("Feasibility study")
    PICTURE = "picture", _("Picture")
    OTHER = "other", _("Other")


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
