"""What each kind of object puts in the search index, and keeping the index current.

Only what the public may see is indexed:

========== ===================================================== ==========================
kind       which objects                                         edition of the document
========== ===================================================== ==========================
session    sessions scheduled in the edition's published program the session's
expert     persons with an expert profile (think tank)           none (across editions)
release    releases published whose public time has come         the release's
project    the edition's investment projects (no contact data)   the project's
exhibitor  the edition's exhibitors (with their products)        the exhibitor's
case       practice cases marked public                          none (across editions)
========== ===================================================== ==========================

Signals (connected in ``apps.py``) re-index the objects a write touched, after commit.
A release saved before its public time is not indexed; :func:`index_due_releases`
(called by every search, one cheap query) indexes it once its time has come, and
``ecoforum rebuild_search_index`` rebuilds everything (the demo loader calls
:func:`rebuild`, as its bulk inserts send no signals).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.db.models import CharField, Prefetch, QuerySet
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ecoforum.core.i18n import field_name
from ecoforum.exhibition.models import Exhibitor, PracticeCase, Product
from ecoforum.forums.models import Edition
from ecoforum.investment.models import InvestmentProject
from ecoforum.people.models import ExpertProfile
from ecoforum.program import queries as program_queries
from ecoforum.program.models import Session, SessionPerson
from ecoforum.releases.models import Release, ReleaseAuthor

from .models import SearchDocument
from .terms import index_terms

ZH, EN = "zh-hans", "en"
BATCH = 500


def _t(obj, field: str, language: str) -> str:
    return getattr(obj, field_name(field, language), "") or ""


def _lines(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Kind:
    """One kind of thing the search finds."""

    code: str
    label: object
    #: The visible objects, ready for :func:`document` (related rows fetched): of ``edition`` or of all.
    visible: Callable[[Edition | None], QuerySet]
    document: Callable[[models.Model], dict]
    per_edition: bool = True


# --- sessions ---------------------------------------------------------------


def _sessions(edition: Edition | None) -> QuerySet:
    editions = [edition] if edition else list(Edition.objects.all())
    ids: list[int] = []
    for one in editions:
        release = program_queries.latest_release(one)
        if release is not None:
            ids.extend(
                release.slots.filter(start__isnull=False, room__isnull=False).values_list("session_id", flat=True)
            )
    roles = SessionPerson.objects.select_related("person").order_by("order", "pk")
    return (
        Session.objects.filter(pk__in=ids)
        .select_related("edition", "theme_forum")
        .prefetch_related(Prefetch("roles", queryset=roles))
    )


def _session_document(session) -> dict:
    people = [r.person for r in session.roles.all()]
    forum = session.theme_forum
    return {
        "edition": session.edition,
        "title_zh": _t(session, "title", ZH),
        "title_en": _t(session, "title", EN),
        "text_zh": _lines(
            _t(session, "abstract", ZH),
            _t(forum, "title", ZH) if forum else "",
            "、".join(_t(p, "name", ZH) for p in people if _t(p, "name", ZH)),
        ),
        "text_en": _lines(
            _t(session, "abstract", EN),
            _t(forum, "title", EN) if forum else "",
            ", ".join(_t(p, "name", EN) for p in people if _t(p, "name", EN)),
        ),
        "url": reverse("program:session", kwargs={"edition": session.edition.slug, "pk": session.pk}),
        "boost": 1.0,
    }


# --- experts ----------------------------------------------------------------


def _experts(edition: Edition | None) -> QuerySet:
    return ExpertProfile.objects.select_related("person", "person__organization", "affiliation").prefetch_related(
        "fields"
    )


def _expert_document(profile) -> dict:
    person = profile.person
    organization = profile.affiliation or person.organization
    fields = list(profile.fields.all())
    return {
        "edition": None,
        "title_zh": _t(person, "name", ZH),
        "title_en": _t(person, "name", EN),
        "text_zh": _lines(
            _t(profile, "title", ZH),
            _t(person, "position", ZH),
            "、".join(_t(f, "name", ZH) for f in fields),
            _t(organization, "name", ZH) if organization else "",
        ),
        "text_en": _lines(
            _t(profile, "title", EN),
            _t(person, "position", EN),
            ", ".join(_t(f, "name", EN) for f in fields),
            _t(organization, "name", EN) if organization else "",
        ),
        "url": reverse("thinktank:expert", kwargs={"slug": person.slug}),
        "boost": 1.2,
    }


# --- releases ---------------------------------------------------------------


def visible_releases() -> QuerySet:
    return Release.objects.filter(is_published=True, released_at__lte=timezone.now())


def _releases(edition: Edition | None) -> QuerySet:
    releases = visible_releases()
    if edition is not None:
        releases = releases.filter(edition=edition)
    authors = ReleaseAuthor.objects.select_related("person").order_by("order", "pk")
    return releases.select_related("edition").prefetch_related(
        Prefetch("author_links", queryset=authors), "issuers", "topics"
    )


def _release_document(release) -> dict:
    authors = [link.person for link in release.author_links.all()]
    issuers = list(release.issuers.all())
    topics = list(release.topics.all())

    def text(language: str, sep: str) -> str:
        return _lines(
            _t(release, "abstract", language),
            _t(release, "author_text", language),
            sep.join(_t(p, "name", language) for p in authors if _t(p, "name", language)),
            sep.join(_t(o, "name", language) for o in issuers if _t(o, "name", language)),
            sep.join(_t(t, "name", language) for t in topics if _t(t, "name", language)),
        )

    return {
        "edition": release.edition,
        "title_zh": _t(release, "title", ZH),
        "title_en": _t(release, "title", EN),
        "text_zh": text(ZH, "、"),
        "text_en": text(EN, ", "),
        "url": reverse("releases:release", kwargs={"edition": release.edition.slug, "slug": release.slug}),
        "boost": 1.5,
    }


# --- projects ---------------------------------------------------------------


def _projects(edition: Edition | None) -> QuerySet:
    projects = InvestmentProject.objects.select_related("edition", "industry", "owner")
    return projects.filter(edition=edition) if edition else projects


def _project_document(project) -> dict:
    def text(language: str) -> str:
        return _lines(
            _t(project, "summary", language),
            _t(project.industry, "name", language),
            project.region,
            _t(project.owner, "name", language),
        )

    return {
        "edition": project.edition,
        "title_zh": _t(project, "name", ZH),
        "title_en": _t(project, "name", EN),
        "text_zh": text(ZH),
        "text_en": text(EN),
        "url": reverse("investment:project", kwargs={"edition": project.edition.slug, "pk": project.pk}),
        "boost": 1.0,
    }


# --- exhibitors -------------------------------------------------------------


def _exhibitors(edition: Edition | None) -> QuerySet:
    products = Product.objects.order_by("order", "pk")
    exhibitors = Exhibitor.objects.select_related("edition").prefetch_related(
        Prefetch("products", queryset=products), "industries"
    )
    return exhibitors.filter(edition=edition) if edition else exhibitors


def _exhibitor_document(exhibitor) -> dict:
    products = list(exhibitor.products.all())
    industries = list(exhibitor.industries.all())

    def text(language: str, sep: str) -> str:
        return _lines(
            _t(exhibitor, "description", language),
            sep.join(_t(p, "name", language) for p in products if _t(p, "name", language)),
            sep.join(_t(i, "name", language) for i in industries if _t(i, "name", language)),
        )

    return {
        "edition": exhibitor.edition,
        "title_zh": _t(exhibitor, "name", ZH),
        "title_en": _t(exhibitor, "name", EN),
        "text_zh": text(ZH, "、"),
        "text_en": text(EN, ", "),
        "url": reverse("exhibition:exhibitor", kwargs={"edition": exhibitor.edition.slug, "slug": exhibitor.slug}),
        "boost": 1.0,
    }


# --- practice cases ---------------------------------------------------------


def _cases(edition: Edition | None) -> QuerySet:
    return PracticeCase.objects.filter(is_public=True)


def _case_document(case) -> dict:
    return {
        "edition": None,
        "title_zh": _t(case, "title", ZH),
        "title_en": _t(case, "title", EN),
        "text_zh": _lines(_t(case, "summary", ZH), _t(case, "body", ZH), _t(case, "region", ZH)),
        "text_en": _lines(_t(case, "summary", EN), _t(case, "body", EN), _t(case, "region", EN)),
        "url": reverse("cases:case", kwargs={"slug": case.slug}),
        "boost": 1.0,
    }


KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind("release", _("Releases"), _releases, _release_document),
        Kind("session", _("Sessions"), _sessions, _session_document),
        Kind("expert", _("Experts"), _experts, _expert_document, per_edition=False),
        Kind("project", _("Projects"), _projects, _project_document),
        Kind("exhibitor", _("Exhibitors"), _exhibitors, _exhibitor_document),
        Kind("case", _("Cases"), _cases, _case_document, per_edition=False),
    )
}


def _row(kind: str, obj: models.Model) -> SearchDocument:
    values = KINDS[kind].document(obj)
    titles = (values["title_zh"], values["title_en"])
    # The title counts twice, so a title match outranks the same word in the text.
    terms = index_terms(*titles, *titles, values["text_zh"], values["text_en"])
    return SearchDocument(
        kind=kind,
        object_id=str(obj.pk),
        edition=values["edition"],
        title_zh=values["title_zh"][:400],
        title_en=values["title_en"][:400],
        text_zh=values["text_zh"],
        text_en=values["text_en"],
        url=values["url"],
        terms=" ".join(terms),
        boost=values["boost"],
    )


# --- keeping it current -----------------------------------------------------


def reindex(kind: str, pks: Iterable[object]) -> int:
    """Index these objects of ``kind`` again: written if visible, removed if not (or gone). Returns how many are in."""
    keys = {str(pk) for pk in pks}
    if not keys:
        return 0
    visible = list(KINDS[kind].visible(None).filter(pk__in=keys))
    with transaction.atomic():
        SearchDocument.objects.filter(kind=kind, object_id__in=keys - {str(o.pk) for o in visible}).delete()
        for obj in visible:
            row = _row(kind, obj)
            fields = ["edition", "title_zh", "title_en", "text_zh", "text_en", "url", "terms", "boost"]
            SearchDocument.objects.update_or_create(
                kind=kind, object_id=row.object_id, defaults={name: getattr(row, name) for name in fields}
            )
    return len(visible)


def reindex_sessions_of(edition_id: int) -> int:
    """The edition's sessions after its program changed: the published ones in, the others out."""
    edition = Edition.objects.get(pk=edition_id)
    return _rebuild_kind("session", edition)


def schedule(kind: str, pks: Iterable[object]) -> None:
    """Re-index after the current transaction commits (at once outside one)."""
    keys = [pk for pk in pks if pk is not None]
    if keys:
        transaction.on_commit(lambda: reindex(kind, keys), robust=True)


def _rebuild_kind(kind: str, edition: Edition | None) -> int:
    spec = KINDS[kind]
    scope = edition if spec.per_edition else None
    rows = [_row(kind, obj) for obj in spec.visible(scope).order_by("pk").iterator(chunk_size=BATCH)]
    with transaction.atomic():
        stale = SearchDocument.objects.filter(kind=kind)
        if scope is not None:
            stale = stale.filter(edition=scope)
        stale.delete()
        SearchDocument.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def rebuild(edition: Edition | None = None, *, progress: Callable[[str, int], None] | None = None) -> int:
    """Index everything again (of one edition, plus the documents across editions); returns how many documents."""
    total = 0
    for code in KINDS:
        count = _rebuild_kind(code, edition)
        total += count
        if progress is not None:
            progress(code, count)
    if connection.vendor == "postgresql":  # fresh statistics, so the planner picks the GIN index
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchDocument._meta.db_table}")
    return total


def index_due_releases() -> int:
    """Index the published releases whose public time has come but that are not in the index yet."""
    indexed = SearchDocument.objects.filter(kind="release").values("object_id")
    due = list(
        visible_releases()
        .annotate(key=Cast("pk", CharField()))
        .exclude(key__in=indexed)
        .values_list("pk", flat=True)[:BATCH]
    )
    return reindex("release", due) if due else 0


def person_related(person_id: int) -> None:
    """A person changed: their expert entry, sessions and releases show their name."""
    reindex("expert", ExpertProfile.objects.filter(person_id=person_id).values_list("pk", flat=True))
    reindex("session", SessionPerson.objects.filter(person_id=person_id).values_list("session_id", flat=True))
    reindex("release", ReleaseAuthor.objects.filter(person_id=person_id).values_list("release_id", flat=True))


def organization_related(organization_id: int) -> None:
    """An organization changed: projects it owns, experts it employs, releases it issued show its name."""
    reindex("project", InvestmentProject.objects.filter(owner_id=organization_id).values_list("pk", flat=True))
    reindex("expert", ExpertProfile.objects.filter(affiliation_id=organization_id).values_list("pk", flat=True))
    reindex("release", Release.objects.filter(issuers=organization_id).values_list("pk", flat=True))
