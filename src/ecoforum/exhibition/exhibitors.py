"""An exhibitor's own things: its profile, its products with their pictures, its staff and their badges.

Each function is one use case in its own durable transaction, with its audit entry;
``actor`` is the acting user (``None`` is the system). Who may do what is in
``rules.py``: the exhibitor's managers and the edition's organizers edit; only
organizers change the tags and the badge quota. Refusals are :class:`ExhibitorError`
(a message naming the item) or ``PermissionDenied``.

Pictures are checked by their content, never their name: Pillow must read them as
PNG, JPEG or WebP, at most 5 MB and 40 million pixels; they are decoded and
re-encoded (which also drops any metadata) and stored under a random name.

The staff needing a badge never outnumber the badge quota: adding a badge locks
the exhibitor row, counts, then writes.
"""

from __future__ import annotations

import io
import secrets
import uuid
import warnings
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from ecoforum.core.audit import diff, log_action
from ecoforum.core.locking import lock_one
from ecoforum.investment.models import GreenIndustry
from ecoforum.people.models import Person

from .enums import StaffRole
from .models import Exhibitor, ExhibitorStaff, Product
from .rules import forget_exhibitor_roles

MAX_PICTURE_BYTES = 5 * 1024 * 1024
MAX_PICTURE_PIXELS = 40_000_000
#: Pillow's format name → (content type, extension) of the pictures accepted.
PICTURE_FORMATS = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"), "WEBP": ("image/webp", ".webp")}

PROFILE_TEXT = {
    "name_zh_hans": 300,
    "name_en": 300,
    "description_zh_hans": 5000,
    "description_en": 5000,
    "region": 50,
    "city": 50,
}
PROFILE_FLAGS = ("exhibits_online", "exhibits_on_site")
ORGANIZER_TAGS = ("is_fortune_global_500", "is_china_top_500", "is_industry_leader")
PROFILE_FIELDS = (*PROFILE_TEXT, "country", "website", *PROFILE_FLAGS, *ORGANIZER_TAGS, "badge_quota")
PRODUCT_TEXT = {"name_zh_hans": 200, "name_en": 200, "description_zh_hans": 5000, "description_en": 5000}
MAX_BADGE_QUOTA = 500


class ExhibitorError(Exception):
    """An exhibitor's profile, product or staff change that cannot be made as asked."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def _require(actor: Any, perm: str, exhibitor: Exhibitor, message: str) -> None:
    if actor is not None and not actor.has_perm(perm, exhibitor):
        raise PermissionDenied(message)


def _label(model: Any, name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _text(value: Any, *, label: str, limit: int) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        raise ExhibitorError(_("%(field)s may have at most %(limit)s characters.") % {"field": label, "limit": limit})
    return text


# --- the profile ------------------------------------------------------------------------------


def update_profile(exhibitor: Exhibitor, *, actor: Any, **fields: Any) -> Exhibitor:
    """Change the exhibitor's profile. ``industries`` is a list of catalogue entries (or their codes).

    A field given with its current value is no change: a manager's form may send the
    organizers' tags back as they are.
    """
    unknown = sorted(set(fields) - {*PROFILE_FIELDS, "industries"})
    if unknown:
        raise ExhibitorError(_("%(fields)s cannot be changed here.") % {"fields": ", ".join(unknown)})
    _require(
        actor,
        "exhibition.change_exhibitor",
        exhibitor,
        _("You may not edit the profile of %(exhibitor)s.") % {"exhibitor": exhibitor},
    )
    clean: dict[str, Any] = {}
    for name, limit in PROFILE_TEXT.items():
        if name in fields:
            clean[name] = _text(fields[name], label=_label(Exhibitor, name), limit=limit)
    if "country" in fields:
        country = str(fields["country"] or "").strip().upper()
        if len(country) != 2 or not country.isascii() or not country.isalpha():
            raise ExhibitorError(_("The country is a two-letter ISO code, such as CN or DE."))
        clean["country"] = country
    if "website" in fields:
        website = str(fields["website"] or "").strip()
        if website:
            try:
                URLValidator(schemes=["http", "https"])(website)
            except ValidationError as exc:
                raise ExhibitorError(_("«%(url)s» is not a web address.") % {"url": website}) from exc
        clean["website"] = website
    for name in (*PROFILE_FLAGS, *ORGANIZER_TAGS):
        if name in fields:
            clean[name] = bool(fields[name])
    if "badge_quota" in fields:
        try:
            quota = int(fields["badge_quota"])
        except (TypeError, ValueError) as exc:
            raise ExhibitorError(_("The badge quota is a whole number.")) from exc
        if not 0 <= quota <= MAX_BADGE_QUOTA:
            raise ExhibitorError(_("The badge quota is between 0 and %(max)s.") % {"max": MAX_BADGE_QUOTA})
        clean["badge_quota"] = quota
    industries: list[GreenIndustry] | None = None
    if "industries" in fields:
        industries = _industries(fields["industries"] or [])

    with transaction.atomic(durable=True):
        locked = lock_one(Exhibitor, exhibitor.pk)
        before = {name: getattr(locked, name) for name in clean}
        changed = [name for name in clean if clean[name] != before[name]]
        if actor is not None:
            if any(name in ORGANIZER_TAGS for name in changed) and not actor.has_perm(
                "exhibition.change_exhibitor_tags", locked
            ):
                raise PermissionDenied(
                    _("Only the organizers may change the tags of %(exhibitor)s.") % {"exhibitor": locked}
                )
            if "badge_quota" in changed and not actor.has_perm("exhibition.change_badge_quota", locked):
                raise PermissionDenied(
                    _("Only the organizers may change the badge quota of %(exhibitor)s.") % {"exhibitor": locked}
                )
        if not (clean.get("name_zh_hans", locked.name_zh_hans) or clean.get("name_en", locked.name_en)):
            raise ExhibitorError(_("An exhibitor needs a name in at least one language."))
        if "badge_quota" in changed:
            used = locked.staff.filter(needs_badge=True).count()
            if clean["badge_quota"] < used:
                raise ExhibitorError(
                    _("%(exhibitor)s already has %(used)s staff with a badge; the quota cannot be lower.")
                    % {"exhibitor": locked, "used": used}
                )
        for name in changed:
            setattr(locked, name, clean[name])
        if changed:
            locked.save(update_fields=changed)
        data: dict[str, Any] = diff(before, {name: getattr(locked, name) for name in clean})
        if industries is not None:
            old_codes = sorted(locked.industries.values_list("code", flat=True))
            new_codes = sorted(entry.code for entry in industries)
            if old_codes != new_codes:
                locked.industries.set(industries)
                data["industries"] = [old_codes, new_codes]
        if data:
            log_action(locked, "exhibition.exhibitor.updated", actor=actor, data=data)
    return locked


def _industries(values: Iterable[Any]) -> list[GreenIndustry]:
    entries: list[GreenIndustry] = []
    codes: list[str] = []
    for value in values:
        if isinstance(value, GreenIndustry):
            entries.append(value)
        else:
            codes.append(str(value).strip())
    if codes:
        found = {entry.code: entry for entry in GreenIndustry.objects.filter(code__in=codes)}
        missing = [code for code in codes if code not in found]
        if missing:
            raise ExhibitorError(
                _("%(codes)s are not in the Green Industry Guidance Catalogue.") % {"codes": ", ".join(missing)}
            )
        entries.extend(found[code] for code in codes)
    return list({entry.pk: entry for entry in entries}.values())


# --- pictures ---------------------------------------------------------------------------------


def check_picture(upload: Any) -> ContentFile:
    """The picture, decoded and re-encoded under a random name; an :class:`ExhibitorError` naming the file otherwise."""
    name = getattr(upload, "name", "") or _("the file")
    size = getattr(upload, "size", None)
    if size == 0:
        raise ExhibitorError(_("«%(name)s» is empty.") % {"name": name})
    if size is not None and size > MAX_PICTURE_BYTES:
        raise ExhibitorError(_("«%(name)s» is larger than 5 MB.") % {"name": name})
    not_a_picture = ExhibitorError(
        _("«%(name)s» is not a PNG, JPEG or WebP picture; it was not added.") % {"name": name}
    )
    upload.seek(0)
    raw = upload.read(MAX_PICTURE_BYTES + 1)
    upload.seek(0)
    if len(raw) > MAX_PICTURE_BYTES:
        raise ExhibitorError(_("«%(name)s» is larger than 5 MB.") % {"name": name})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as probe:
                kind = probe.format
                if kind not in PICTURE_FORMATS:
                    raise not_a_picture
                width, height = probe.size
                if width * height > MAX_PICTURE_PIXELS:
                    raise ExhibitorError(
                        _("«%(name)s» has too many pixels (%(width)s × %(height)s).")
                        % {"name": name, "width": width, "height": height}
                    )
                probe.verify()
            with Image.open(io.BytesIO(raw)) as picture:
                picture.load()
                out = io.BytesIO()
                if kind == "JPEG":
                    flat = picture if picture.mode in ("RGB", "L") else picture.convert("RGB")
                    flat.save(out, format="JPEG", quality=88)
                elif kind == "WEBP":
                    picture.save(out, format="WEBP", quality=88)
                else:
                    picture.save(out, format="PNG", optimize=True)
    except ExhibitorError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError, Warning) as exc:
        raise not_a_picture from exc
    extension = PICTURE_FORMATS[kind][1]
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}{extension}")


def _delete_file_later(storage: Any, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- products ---------------------------------------------------------------------------------


def _product_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(fields) - {*PRODUCT_TEXT, "industry", "is_new", "order"})
    if unknown:
        raise ExhibitorError(_("%(fields)s cannot be changed here.") % {"fields": ", ".join(unknown)})
    clean: dict[str, Any] = {}
    for name, limit in PRODUCT_TEXT.items():
        if name in fields:
            clean[name] = _text(fields[name], label=_label(Product, name), limit=limit)
    if "industry" in fields:
        industry = fields["industry"]
        if industry is not None and not isinstance(industry, GreenIndustry):
            industry = GreenIndustry.objects.filter(code=str(industry).strip()).first()
            if industry is None:
                raise ExhibitorError(
                    _("%(code)s is not in the Green Industry Guidance Catalogue.") % {"code": fields["industry"]}
                )
        clean["industry"] = industry
    if "is_new" in fields:
        clean["is_new"] = bool(fields["is_new"])
    if "order" in fields:
        clean["order"] = max(0, min(int(fields["order"] or 0), 32767))
    return clean


def _product_name(values: dict[str, Any]) -> str:
    return values.get("name_zh_hans") or values.get("name_en") or ""


def add_product(exhibitor: Exhibitor, *, actor: Any, picture: Any = None, **fields: Any) -> Product:
    """Add a product (bilingual name and description, catalogue entry, "new" flag, picture)."""
    _require(
        actor,
        "exhibition.change_product",
        exhibitor,
        _("You may not add products to %(exhibitor)s.") % {"exhibitor": exhibitor},
    )
    clean = _product_fields(fields)
    if not _product_name(clean):
        raise ExhibitorError(_("A product needs a name in at least one language."))
    content = check_picture(picture) if picture else None
    with transaction.atomic(durable=True):
        lock_one(Exhibitor, exhibitor.pk)
        product = Product(exhibitor=exhibitor, **clean)
        if content is not None:
            product.picture.save(content.name, content, save=False)
        product.save()
        log_action(
            product,
            "exhibition.product.added",
            actor=actor,
            edition_id=exhibitor.edition_id,
            data={"exhibitor": exhibitor.pk, **clean, "picture": product.picture.name},
        )
    return product


def change_product(
    product: Product, *, actor: Any, picture: Any = None, remove_picture: bool = False, **fields: Any
) -> Product:
    """Change a product; a new ``picture`` replaces the old one, ``remove_picture`` drops it."""
    exhibitor = product.exhibitor
    _require(
        actor,
        "exhibition.change_product",
        exhibitor,
        _("You may not change the products of %(exhibitor)s.") % {"exhibitor": exhibitor},
    )
    clean = _product_fields(fields)
    content = check_picture(picture) if picture else None
    with transaction.atomic(durable=True):
        locked = lock_one(Product, product.pk)
        if locked.exhibitor_id != exhibitor.pk:
            raise PermissionDenied(_("This product is not one of %(exhibitor)s.") % {"exhibitor": exhibitor})
        before = {name: getattr(locked, name) for name in clean}
        before["picture"] = locked.picture.name
        changed = [name for name in clean if clean[name] != before[name]]
        for name in changed:
            setattr(locked, name, clean[name])
        if not (locked.name_zh_hans or locked.name_en):
            raise ExhibitorError(_("A product needs a name in at least one language."))
        old_picture = locked.picture.name
        if content is not None:
            locked.picture.save(content.name, content, save=False)
            changed.append("picture")
        elif remove_picture and old_picture:
            locked.picture = None
            changed.append("picture")
        if changed:
            locked.save(update_fields=changed)
            if "picture" in changed:
                _delete_file_later(locked.picture.storage, old_picture)
            after = {name: getattr(locked, name) for name in clean}
            after["picture"] = locked.picture.name
            log_action(
                locked,
                "exhibition.product.changed",
                actor=actor,
                edition_id=exhibitor.edition_id,
                data=diff(before, after),
            )
    return locked


def remove_product(product: Product, *, actor: Any) -> None:
    exhibitor = product.exhibitor
    _require(
        actor,
        "exhibition.change_product",
        exhibitor,
        _("You may not remove the products of %(exhibitor)s.") % {"exhibitor": exhibitor},
    )
    with transaction.atomic(durable=True):
        locked = lock_one(Product, product.pk)
        picture = locked.picture.name
        log_action(
            locked,
            "exhibition.product.removed",
            actor=actor,
            edition_id=exhibitor.edition_id,
            data={"exhibitor": exhibitor.pk, "name_zh_hans": locked.name_zh_hans, "name_en": locked.name_en},
        )
        storage = locked.picture.storage
        locked.delete()
        _delete_file_later(storage, picture)


# --- staff and badges -------------------------------------------------------------------------


def badges_used(exhibitor: Exhibitor) -> int:
    return exhibitor.staff.filter(needs_badge=True).count()


def staff_of(exhibitor: Exhibitor) -> QuerySet[ExhibitorStaff]:
    return ExhibitorStaff.objects.filter(exhibitor=exhibitor).select_related("person").order_by("person__name", "pk")


def _person(name: str, email: str) -> Person:
    name = name.strip()
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ExhibitorError(_("«%(email)s» is not an email address.") % {"email": email}) from exc
        known = Person.objects.filter(email__iexact=email).order_by("pk").first()
        if known is not None:
            return known
    if not name:
        raise ExhibitorError(_("Give the name of the staff member."))
    if len(name) > 200:
        raise ExhibitorError(_("A name may have at most 200 characters."))
    person = Person(slug=f"staff-{secrets.token_hex(6)}", email=email, name_zh_hans=name, name_en=name)
    person.save()
    return person


def add_staff(
    exhibitor: Exhibitor,
    *,
    actor: Any,
    person: Person | None = None,
    name: str = "",
    email: str = "",
    role: str = StaffRole.STAFF,
    needs_badge: bool = True,
) -> ExhibitorStaff:
    """Put a person (an existing one, the one with that email, or a new one by name) on the exhibitor's staff."""
    _require(
        actor,
        "exhibition.change_exhibitor_staff",
        exhibitor,
        _("You may not change the staff of %(exhibitor)s.") % {"exhibitor": exhibitor},
    )
    if role not in StaffRole.values:
        raise ExhibitorError(_("%(role)s is not a staff role.") % {"role": role})
    with transaction.atomic(durable=True):
        locked = lock_one(Exhibitor, exhibitor.pk)
        if person is None:
            person = _person(name, email)
        if locked.staff.filter(person=person).exists():
            raise ExhibitorError(
                _("%(person)s is already on the staff of %(exhibitor)s.") % {"person": person, "exhibitor": locked}
            )
        if needs_badge:
            used = locked.staff.filter(needs_badge=True).count()
            if used >= locked.badge_quota:
                raise ExhibitorError(
                    _(
                        "%(exhibitor)s has used all %(quota)s badges of its quota; "
                        "%(person)s can be added without a badge, or the organizers can raise the quota."
                    )
                    % {"exhibitor": locked, "quota": locked.badge_quota, "person": person}
                )
        staff = ExhibitorStaff(exhibitor=locked, person=person, role=role, needs_badge=needs_badge)
        try:
            with transaction.atomic():
                staff.save()
        except IntegrityError as exc:
            raise ExhibitorError(
                _("%(person)s is already on the staff of %(exhibitor)s.") % {"person": person, "exhibitor": locked}
            ) from exc
        log_action(
            staff,
            "exhibition.staff.added",
            actor=actor,
            edition_id=locked.edition_id,
            data={"exhibitor": locked.pk, "person": person.pk, "role": role, "needs_badge": needs_badge},
        )
    if person.user_id is not None:
        forget_exhibitor_roles(person.user)
    return staff


def remove_staff(staff: ExhibitorStaff, *, actor: Any) -> None:
    """Take a person off the staff. The last manager stays, unless an organizer removes them."""
    exhibitor = staff.exhibitor
    _require(
        actor,
        "exhibition.change_exhibitor_staff",
        exhibitor,
        _("You may not change the staff of %(exhibitor)s.") % {"exhibitor": exhibitor},
    )
    with transaction.atomic(durable=True):
        locked_exhibitor = lock_one(Exhibitor, exhibitor.pk)
        locked = ExhibitorStaff.objects.select_related("person").filter(pk=staff.pk, exhibitor=exhibitor).first()
        if locked is None:
            raise ExhibitorError(
                _("This person is no longer on the staff of %(exhibitor)s.") % {"exhibitor": exhibitor}
            )
        if locked.role == StaffRole.MANAGER and not (
            actor is None or actor.has_perm("exhibition.change_exhibitor_tags", locked_exhibitor)
        ):
            managers = locked_exhibitor.staff.filter(role=StaffRole.MANAGER).count()
            if managers <= 1:
                raise ExhibitorError(
                    _("%(person)s is the last manager of %(exhibitor)s; add another manager first.")
                    % {"person": locked.person, "exhibitor": locked_exhibitor}
                )
        log_action(
            locked,
            "exhibition.staff.removed",
            actor=actor,
            edition_id=locked_exhibitor.edition_id,
            data={
                "exhibitor": locked_exhibitor.pk,
                "person": locked.person_id,
                "role": locked.role,
                "needs_badge": locked.needs_badge,
            },
        )
        user = locked.person.user
        locked.delete()
    forget_exhibitor_roles(user)
    if actor is not None:
        forget_exhibitor_roles(actor)


# --- reads for the portal ---------------------------------------------------------------------


def exhibitors_of_user(user: Any, edition: Any) -> list[Exhibitor]:
    """The exhibitors of the edition the user is on the staff of, by name."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(Exhibitor.objects.filter(edition=edition, staff__person__user=user).distinct().order_by("name", "pk"))


def exhibitor_for(user: Any, edition: Any, pk: int) -> Exhibitor | None:
    """The exhibitor of the edition the user may see in the portal; ``None`` for "missing" and "not yours" alike."""
    exhibitor = Exhibitor.objects.select_related("edition").filter(edition=edition, pk=pk).first()
    if exhibitor is None or not user.has_perm("exhibition.view_exhibitor_portal", exhibitor):
        return None
    return exhibitor


def products_of(exhibitor: Exhibitor) -> QuerySet[Product]:
    return Product.objects.filter(exhibitor=exhibitor).select_related("industry").order_by("order", "pk")
