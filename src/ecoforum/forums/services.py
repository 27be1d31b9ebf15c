"""Writes on forums and editions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ecoforum.core.audit import log_action

from .models import CharterVersion, CommitteeMember, Forum


@transaction.atomic
def adopt_charter_version(
    forum: Forum,
    *,
    actor,
    title_zh_hans: str,
    title_en: str,
    body_zh_hans: str,
    body_en: str,
    adopted_on: dt.date,
    change_note_zh_hans: str = "",
    change_note_en: str = "",
) -> CharterVersion:
    """Add the next version of the charter. Earlier versions stay as they were."""
    Forum.objects.select_for_update().get(pk=forum.pk)
    last = forum.charter_versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = CharterVersion.objects.create(
        forum=forum,
        number=last + 1,
        title_zh_hans=title_zh_hans,
        title_en=title_en,
        body_zh_hans=body_zh_hans,
        body_en=body_en,
        adopted_on=adopted_on,
        change_note_zh_hans=change_note_zh_hans,
        change_note_en=change_note_en,
    )
    log_action(version, "forums.charter.adopted", actor=actor, data={"number": version.number})
    return version


@transaction.atomic
def appoint_committee_member(edition, *, actor, user, role: str, title: str = "") -> CommitteeMember:
    member, created = CommitteeMember.objects.update_or_create(
        edition=edition, user=user, defaults={"role": role, "title": title}
    )
    log_action(
        member,
        "forums.committee.appointed" if created else "forums.committee.changed",
        actor=actor,
        data={"user": user.pk, "role": role},
    )
    return member
