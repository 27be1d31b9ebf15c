"""Writes of the releases: releases, their versions (PDF files), publishing, endorsements.

Organizers (``releases.manage_releases`` on the edition) create and change releases, add
versions and publish. Anyone signs an open declaration, initiative or consensus: the
signature is stored unconfirmed and a mail with a confirmation link goes to the address;
only confirmed signatures are listed and counted. One address signs a release once (the
``endorsement_one_per_address`` constraint on a keyed hash of the address); scripts are held
back by rate limits in the cache (per client address and per release) and by a honeypot
field the views check. Every change is audited with :func:`ecoforum.core.audit.log_action`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ecoforum.core.audit import diff, log_action, snapshot
from ecoforum.core.crypto import blind_index
from ecoforum.forums.models import Edition
from ecoforum.people.models import Organization, Person
from ecoforum.program.models import Session

from . import files
from .enums import ENDORSABLE, ReleaseKind, SignatoryKind
from .exceptions import AlreadySigned, DuplicateVersion, NotAllowed, ReleaseError, TooManyAttempts
from .models import Endorsement, Release, ReleaseAuthor, ReleaseVersion, Topic

RELEASE_FIELDS = [
    "kind",
    "slug",
    "title_zh_hans",
    "title_en",
    "abstract_zh_hans",
    "abstract_en",
    "author_text_zh_hans",
    "author_text_en",
    "session",
    "released_at",
    "is_published",
    "endorsements_open",
]
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]{0,19}$")

#: Sign attempts one client address may make in ``RATE_WINDOW`` seconds (all releases together).
CLIENT_LIMIT = 5
#: Sign attempts one release takes in ``RATE_WINDOW`` seconds from everyone.
RELEASE_LIMIT = 200
RATE_WINDOW = 10 * 60
#: A confirmation mail is sent again to an address at most once in this many seconds.
RESEND_AFTER = 10 * 60


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def require_manager(actor: Any, edition: Edition) -> None:
    if actor is not None and not actor.has_perm("releases.manage_releases", edition):
        raise NotAllowed(_("Only the organizers of %(edition)s may change its releases.") % {"edition": edition.name})


# --- releases ---------------------------------------------------------------------


def _clean_fields(edition: Edition, fields: dict[str, Any], *, release: Release | None) -> dict[str, Any]:
    values = {name: fields[name] for name in RELEASE_FIELDS if name in fields}
    for name in ("slug", "title_zh_hans", "title_en", "author_text_zh_hans", "author_text_en"):
        if name in values:
            values[name] = (values[name] or "").strip()
    for name in ("abstract_zh_hans", "abstract_en"):
        if name in values:
            values[name] = (values[name] or "").strip()
    kind = values.get("kind", release.kind if release else "")
    if kind not in ReleaseKind.values:
        raise ReleaseError(_("«%(kind)s» is not a kind of release.") % {"kind": kind}, field="kind")
    slug = values.get("slug", release.slug if release else "")
    if not slug or not SLUG.match(slug) or len(slug) > 80:
        raise ReleaseError(
            _("«%(slug)s» is not a valid address: use letters, digits and hyphens (at most 80).") % {"slug": slug},
            field="slug",
        )
    if release is not None and slug != release.slug:
        raise ReleaseError(
            _("The address of «%(title)s» is part of its citation and never changes.") % {"title": release.title},
            field="slug",
        )
    taken = Release.objects.filter(edition=edition, slug=slug)
    if release is not None:
        taken = taken.exclude(pk=release.pk)
    if taken.exists():
        raise ReleaseError(
            _("%(edition)s already has a release at «%(slug)s».") % {"edition": edition.name, "slug": slug},
            field="slug",
        )
    title = values.get("title_zh_hans", release.title_zh_hans if release else "") or values.get(
        "title_en", release.title_en if release else ""
    )
    if not title:
        raise ReleaseError(_("A release needs a title, in Chinese or in English."), field="title_zh_hans")
    if "released_at" in values or release is None:
        released_at = values.get("released_at")
        if not isinstance(released_at, dt.datetime):
            raise ReleaseError(_("«%(title)s» needs a release time.") % {"title": title}, field="released_at")
        if timezone.is_naive(released_at):
            values["released_at"] = timezone.make_aware(released_at, edition.tz)
    session = values.get("session")
    if session is not None:
        if not isinstance(session, Session):
            session = Session.objects.filter(pk=session).first()
        if session is None or session.edition_id != edition.pk:
            raise ReleaseError(_("The session is not one of %(edition)s.") % {"edition": edition.name}, field="session")
        values["session"] = session
    if values.get("endorsements_open", release.endorsements_open if release else False) and kind not in ENDORSABLE:
        raise ReleaseError(
            _("«%(title)s» is not a declaration, an initiative or a consensus: it collects no endorsements.")
            % {"title": title},
            field="endorsements_open",
        )
    if not values.get("title_zh_hans") and release is None:
        values["title_zh_hans"] = ""
    values["title"] = values.get("title_zh_hans") or title
    return values


def _people(slugs: Sequence[str]) -> list[Person]:
    wanted = [s.strip() for s in slugs if s and s.strip()]
    found = {p.slug: p for p in Person.objects.filter(slug__in=wanted)}
    missing = [s for s in wanted if s not in found]
    if missing:
        raise ReleaseError(
            _("No person has the address %(slugs)s.") % {"slugs": "、".join(f"«{s}»" for s in missing)},
            field="authors",
        )
    seen: dict[str, Person] = {}
    for slug in wanted:
        seen.setdefault(slug, found[slug])
    return list(seen.values())


def _organizations(names: Sequence[str]) -> list[Organization]:
    out: list[Organization] = []
    for raw in names:
        name = (raw or "").strip()
        if not name:
            continue
        organization = (
            Organization.objects.filter(name_zh_hans=name).order_by("pk").first()
            or Organization.objects.filter(name_en__iexact=name).order_by("pk").first()
        )
        if organization is None:
            raise ReleaseError(_("No organization is named «%(name)s».") % {"name": name}, field="issuers")
        if organization not in out:
            out.append(organization)
    return out


def _topics(slugs: Sequence[str]) -> list[Topic]:
    wanted = [s for s in slugs if s]
    found = {t.slug: t for t in Topic.objects.filter(slug__in=wanted)}
    missing = [s for s in wanted if s not in found]
    if missing:
        raise ReleaseError(_("There is no topic «%(slug)s».") % {"slug": missing[0]}, field="topics")
    return [found[s] for s in dict.fromkeys(wanted)]


def _set_relations(
    release: Release, authors: list[Person] | None, issuers: list[Organization] | None, topics: list[Topic] | None
) -> dict[str, Any]:
    changed: dict[str, Any] = {}
    if authors is not None:
        before = list(release.author_links.order_by("order", "pk").values_list("person__slug", flat=True))
        after = [p.slug for p in authors]
        if before != after:
            release.author_links.all().delete()
            ReleaseAuthor.objects.bulk_create(
                [ReleaseAuthor(release=release, person=p, order=n) for n, p in enumerate(authors)]
            )
            changed["authors"] = [before, after]
    if issuers is not None:
        before_ids = sorted(release.issuers.values_list("pk", flat=True))
        if before_ids != sorted(o.pk for o in issuers):
            release.issuers.set(issuers)
            changed["issuers"] = [before_ids, sorted(o.pk for o in issuers)]
    if topics is not None:
        before_slugs = sorted(release.topics.values_list("slug", flat=True))
        if before_slugs != sorted(t.slug for t in topics):
            release.topics.set(topics)
            changed["topics"] = [before_slugs, sorted(t.slug for t in topics)]
    return changed


def create_release(
    edition: Edition,
    *,
    actor: Any,
    fields: dict[str, Any],
    authors: Sequence[str] = (),
    issuers: Sequence[str] = (),
    topics: Sequence[str] = (),
) -> Release:
    """Add a release to the edition (organizers). ``authors`` are people's addresses (slugs) in order,
    ``issuers`` organizations' names, ``topics`` topics' addresses."""
    require_manager(actor, edition)
    values = _clean_fields(edition, fields, release=None)
    people, organizations, topic_rows = _people(authors), _organizations(issuers), _topics(topics)
    try:
        with transaction.atomic(durable=True):
            release = Release.objects.create(edition=edition, **values)
            _set_relations(release, people, organizations, topic_rows)
            log_action(
                release,
                "releases.release.created",
                actor=actor,
                data={
                    **snapshot(release, [n for n in RELEASE_FIELDS if n != "session"]),
                    "session": release.session_id,
                    "authors": [p.slug for p in people],
                    "issuers": [o.pk for o in organizations],
                    "topics": [t.slug for t in topic_rows],
                },
            )
    except IntegrityError as error:
        raise ReleaseError(
            _("%(edition)s already has a release at «%(slug)s».") % {"edition": edition.name, "slug": values["slug"]},
            field="slug",
        ) from error
    return release


def change_release(
    release: Release,
    *,
    actor: Any,
    fields: dict[str, Any],
    authors: Sequence[str] | None = None,
    issuers: Sequence[str] | None = None,
    topics: Sequence[str] | None = None,
) -> Release:
    """Change a release's fields and, when given, its authors, issuers and topics (organizers)."""
    edition = release.edition
    require_manager(actor, edition)
    values = _clean_fields(edition, fields, release=release)
    people = _people(authors) if authors is not None else None
    organizations = _organizations(issuers) if issuers is not None else None
    topic_rows = _topics(topics) if topics is not None else None
    names = [n for n in values if n != "session"]
    with transaction.atomic(durable=True):
        before = {**snapshot(release, names), "session": release.session_id}
        for name, value in values.items():
            setattr(release, name, value)
        after = {**snapshot(release, names), "session": release.session_id}
        changes = diff(before, after)
        if changes:
            release.save(update_fields=[*values.keys(), "updated_at"])
        changes.update(_set_relations(release, people, organizations, topic_rows))
        if changes:
            log_action(release, "releases.release.changed", actor=actor, data={"changes": changes})
    return release


def set_published(release: Release, *, published: bool, actor: Any) -> Release:
    """Publish a release (public from its release time) or take it back (organizers)."""
    require_manager(actor, release.edition)
    if published and not (release.title_zh_hans or release.title_en):
        raise ReleaseError(_("A release needs a title before it is published."))
    if release.is_published == published:
        return release
    with transaction.atomic(durable=True):
        release.is_published = published
        release.save(update_fields=["is_published", "updated_at"])
        log_action(
            release,
            "releases.release.published" if published else "releases.release.unpublished",
            actor=actor,
            data={"released_at": release.released_at},
        )
    return release


# --- versions ---------------------------------------------------------------------


def add_version(
    release: Release,
    *,
    upload: Any,
    number: str,
    changelog_zh_hans: str = "",
    changelog_en: str = "",
    actor: Any,
) -> ReleaseVersion:
    """Add a version with its PDF (organizers): the content is checked, stored under a random name,
    its size and SHA-256 recorded; the version number is unique per release."""
    require_manager(actor, release.edition)
    number = (number or "").strip()
    if not VERSION.match(number):
        raise ReleaseError(
            _("«%(number)s» is not a version number such as 1.0 or 1.1.") % {"number": number}, field="number"
        )
    if release.versions.filter(number=number).exists():
        raise DuplicateVersion(
            _("«%(title)s» already has a version %(number)s.") % {"title": release.title, "number": number},
            field="number",
        )
    files.check_pdf(upload)
    version = ReleaseVersion(
        release=release,
        number=number,
        changelog_zh_hans=(changelog_zh_hans or "").strip(),
        changelog_en=(changelog_en or "").strip(),
        file_name=files.download_name(release.title_zh_hans or release.title_en, number),
        size=upload.size,
        sha256=files.sha256_of(upload),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.changelog = version.changelog_zh_hans
    upload.seek(0)
    version.file.save("upload.pdf", upload, save=False)
    try:
        with transaction.atomic(durable=True):
            version.save()
            log_action(
                version,
                "releases.version.added",
                actor=actor,
                edition_id=release.edition_id,
                data={
                    "release": release.slug,
                    "number": number,
                    "file": (getattr(upload, "name", "") or "")[-200:],
                    "size": version.size,
                    "sha256": version.sha256,
                },
            )
    except IntegrityError as error:
        version.file.delete(save=False)
        raise DuplicateVersion(
            _("«%(title)s» already has a version %(number)s.") % {"title": release.title, "number": number},
            field="number",
        ) from error
    except Exception:
        version.file.delete(save=False)
        raise
    return version


# --- endorsements -----------------------------------------------------------------


def client_key(address: str) -> str:
    """A keyed hash of the client's network address (the address itself is never stored)."""
    return blind_index(address or "unknown", "endorsement-client")


def _count_attempt(key: str, window: int) -> int:
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def rate_window() -> int:
    """Seconds over which sign attempts are counted (``RELEASE_ENDORSE_WINDOW``)."""
    return _setting("RELEASE_ENDORSE_WINDOW", RATE_WINDOW)


def check_rate(release: Release, client: str) -> None:
    """Count a sign attempt; refuse (:class:`TooManyAttempts`) beyond the limits of the window."""
    window = rate_window()
    per_client = _count_attempt(f"releases:sign:client:{client}", window)
    per_release = _count_attempt(f"releases:sign:release:{release.pk}", window)
    if per_client > _setting("RELEASE_ENDORSE_CLIENT_LIMIT", CLIENT_LIMIT) or per_release > _setting(
        "RELEASE_ENDORSE_RELEASE_LIMIT", RELEASE_LIMIT
    ):
        raise TooManyAttempts(
            _("Too many signatures were sent from here in a short time. Please try again in %(minutes)s minutes.")
            % {"minutes": max(1, window // 60)}
        )


def confirm_url(endorsement: Endorsement) -> str:
    release = endorsement.release
    path = reverse(
        "releases:confirm", kwargs={"edition": release.edition.slug, "slug": release.slug, "token": endorsement.token}
    )
    return f"{settings.SITE_URL}{path}"


def send_confirmation(endorsement: Endorsement) -> None:
    """The confirmation mail, in the language the signatory used."""
    release = endorsement.release
    with translation.override(endorsement.language):
        context = {"endorsement": endorsement, "release": release, "url": confirm_url(endorsement)}
        subject = _("Please confirm your signature: %(title)s") % {"title": release.title}
        body = render_to_string("releases/mail/confirm.txt", context)
    send_mail(subject.replace("\n", " ")[:200], body, None, [endorsement.email])


def already_signed_message() -> str:
    return _("This address has already signed (check your mail to confirm).")


def may_endorse(release: Release) -> bool:
    return bool(
        release.kind in ENDORSABLE
        and release.endorsements_open
        and release.is_published
        and release.released_at <= timezone.now()
        and release.edition.is_public
    )


def sign(
    release: Release,
    *,
    name: str,
    email: str,
    kind: str = SignatoryKind.PERSON,
    organization: str = "",
    country: str = "",
    show_publicly: bool = True,
    language: str = "zh-hans",
    client: str = "",
) -> Endorsement:
    """Record an unconfirmed signature and mail the confirmation link (anyone, rate-limited).

    An address that has signed already gets :class:`AlreadySigned` (whether it confirmed or not,
    so nothing more is revealed); its confirmation mail is sent again at most every ten minutes.
    """
    if not may_endorse(release):
        raise ReleaseError(_("«%(title)s» is not open for endorsement.") % {"title": release.title})
    check_rate(release, client)
    name = " ".join((name or "").split())[:200]
    organization = " ".join((organization or "").split())[:200]
    email = (email or "").strip().lower()
    country = (country or "").strip().upper()
    if not name:
        raise ReleaseError(_("Please give the name to sign with."), field="name")
    if kind not in SignatoryKind.values:
        raise ReleaseError(_("«%(kind)s» is not a way to sign.") % {"kind": kind}, field="kind")
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise ReleaseError(_("«%(country)s» is not a two-letter country code.") % {"country": country}, field="country")
    try:
        validate_email(email)
    except ValidationError as error:
        raise ReleaseError(_("«%(email)s» is not an e-mail address.") % {"email": email}, field="email") from error
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    key = blind_index(email.lower(), "endorsement")
    existing = Endorsement.objects.filter(release=release, email_key=key).first()
    if existing is not None:
        _resend(existing)
        raise AlreadySigned(already_signed_message(), field="email")
    endorsement = Endorsement(
        release=release,
        kind=kind,
        name=name,
        organization=organization,
        country=country,
        email=email,
        email_key=key,
        language=language,
        show_publicly=bool(show_publicly),
        client_key=client,
    )
    try:
        with transaction.atomic(durable=True):
            endorsement.save()
            log_action(
                endorsement,
                "releases.endorsement.signed",
                actor=None,
                edition_id=release.edition_id,
                data={"release": release.slug, "kind": kind, "country": country},
            )
            cache.set(f"releases:resend:{endorsement.pk}", 1, timeout=_setting("RELEASE_RESEND_AFTER", RESEND_AFTER))
            transaction.on_commit(lambda: send_confirmation(endorsement))
    except IntegrityError as error:  # the same address signed at the same moment
        raise AlreadySigned(already_signed_message(), field="email") from error
    return endorsement


def _resend(endorsement: Endorsement) -> bool:
    """Send the confirmation mail of an unconfirmed signature again, at most once in the resend window."""
    if endorsement.is_confirmed:
        return False
    if not cache.add(f"releases:resend:{endorsement.pk}", 1, timeout=_setting("RELEASE_RESEND_AFTER", RESEND_AFTER)):
        return False
    send_confirmation(endorsement)
    return True


def confirm(release: Release, token: str) -> Endorsement | None:
    """Confirm the signature with ``token`` under ``release`` (idempotent); ``None`` for an unknown token."""
    if not token or len(token) > 64:
        return None
    with transaction.atomic(durable=True):
        endorsement = Endorsement.objects.select_for_update().filter(release=release, token=token).first()
        if endorsement is None or endorsement.is_confirmed:
            return endorsement
        endorsement.confirmed_at = timezone.now()
        endorsement.save(update_fields=["confirmed_at"])
        log_action(
            endorsement,
            "releases.endorsement.confirmed",
            actor=None,
            edition_id=release.edition_id,
            data={"release": release.slug},
        )
    endorsement.release = release
    return endorsement
