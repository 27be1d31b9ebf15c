"""Signal handlers that keep the search index current (connected in ``apps.SearchConfig.ready``).

Each handler only names what to re-index, without a query; the work runs after commit.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from ecoforum.exhibition.models import Exhibitor, PracticeCase, Product
from ecoforum.investment.models import InvestmentProject
from ecoforum.people.models import ExpertProfile, Organization, Person
from ecoforum.program.models import ProgramRelease, Session, SessionPerson, SessionSlot, ThemeForum
from ecoforum.releases.models import Release, ReleaseAuthor, Topic

from . import indexing

UID = "search-index"


def _self(kind: str):
    def handler(sender, instance, **kwargs):
        indexing.schedule(kind, [instance.pk])

    return handler


def _via(kind: str, attribute: str):
    def handler(sender, instance, **kwargs):
        indexing.schedule(kind, [getattr(instance, attribute)])

    return handler


def _m2m(kind: str):
    def handler(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if not reverse:
            indexing.schedule(kind, [instance.pk])
        elif pk_set:
            indexing.schedule(kind, list(pk_set))

    return handler


def _program_changed(sender, instance, **kwargs):
    if instance.version is None:  # the draft: the public program did not change
        return
    edition_id = instance.edition_id
    _later(lambda: indexing.reindex_sessions_of(edition_id))


def _later(work) -> None:
    """Run ``work`` after commit: the handlers themselves send no query, so a write costs nothing more."""
    transaction.on_commit(work, robust=True)


def _forum_changed(sender, instance, **kwargs):
    pk = instance.pk
    _later(lambda: indexing.reindex("session", Session.objects.filter(theme_forum_id=pk).values_list("pk", flat=True)))


def _person_changed(sender, instance, **kwargs):
    pk = instance.pk
    _later(lambda: indexing.person_related(pk))


def _organization_changed(sender, instance, **kwargs):
    pk = instance.pk
    _later(lambda: indexing.organization_related(pk))


def _topic_changed(sender, instance, **kwargs):
    pk = instance.pk
    _later(lambda: indexing.reindex("release", Release.objects.filter(topics=pk).values_list("pk", flat=True)))


def connect() -> None:
    for model, kind in (
        (Session, "session"),
        (ExpertProfile, "expert"),
        (Release, "release"),
        (InvestmentProject, "project"),
        (Exhibitor, "exhibitor"),
        (PracticeCase, "case"),
    ):
        post_save.connect(_self(kind), sender=model, weak=False, dispatch_uid=f"{UID}-{kind}-save")
        post_delete.connect(_self(kind), sender=model, weak=False, dispatch_uid=f"{UID}-{kind}-delete")
    for model, kind, attribute in (
        (SessionPerson, "session", "session_id"),
        (SessionSlot, "session", "session_id"),
        (ReleaseAuthor, "release", "release_id"),
        (Product, "exhibitor", "exhibitor_id"),
    ):
        name = model._meta.model_name
        post_save.connect(_via(kind, attribute), sender=model, weak=False, dispatch_uid=f"{UID}-{name}-save")
        post_delete.connect(_via(kind, attribute), sender=model, weak=False, dispatch_uid=f"{UID}-{name}-delete")
    for through, kind in (
        (Release.issuers.through, "release"),
        (Release.topics.through, "release"),
        (ExpertProfile.fields.through, "expert"),
        (Exhibitor.industries.through, "exhibitor"),
    ):
        m2m_changed.connect(_m2m(kind), sender=through, weak=False, dispatch_uid=f"{UID}-{through.__name__}")
    post_save.connect(_program_changed, sender=ProgramRelease, dispatch_uid=f"{UID}-program")
    post_save.connect(_forum_changed, sender=ThemeForum, dispatch_uid=f"{UID}-forum")
    post_save.connect(_person_changed, sender=Person, dispatch_uid=f"{UID}-person")
    post_save.connect(_organization_changed, sender=Organization, dispatch_uid=f"{UID}-organization")
    post_save.connect(_topic_changed, sender=Topic, dispatch_uid=f"{UID}-topic")
