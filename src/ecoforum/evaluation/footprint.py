"""Writes of the footprint: what only the organizers know (the venue, its energy, the offsets)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.locking import lock_one
from ecoforum.forums.models import Edition

from .exceptions import EvaluationError, NotAllowed
from .models import FootprintInputs, Place

PERMISSION = "evaluation.manage_evaluation"

#: The figures an organizer enters, with the field each error names.
FIGURES = ("venue_electricity_kwh", "venue_gas_m3", "offset_tco2e")


def _labels() -> dict[str, str]:
    return {
        "venue_electricity_kwh": _("Venue electricity (kWh)"),
        "venue_gas_m3": _("Venue natural gas (m³)"),
        "offset_tco2e": _("Offset (t CO₂e)"),
    }


def save_footprint_inputs(
    edition: Edition,
    *,
    actor: Any,
    venue: Place,
    venue_electricity_kwh: Decimal = Decimal(0),
    venue_gas_m3: Decimal = Decimal(0),
    offset_tco2e: Decimal = Decimal(0),
    offset_note_zh_hans: str = "",
    offset_note_en: str = "",
) -> FootprintInputs:
    """Create or change the edition's footprint inputs. Figures may not be negative; nothing changes on refusal."""
    if actor is None or not actor.has_perm(PERMISSION, edition):
        raise NotAllowed(_("You may not change the evaluation of %(edition)s.") % {"edition": edition})
    if venue is None or not isinstance(venue, Place):
        raise EvaluationError(_("Choose the venue's city."), field="venue")
    values = {
        "venue_electricity_kwh": venue_electricity_kwh,
        "venue_gas_m3": venue_gas_m3,
        "offset_tco2e": offset_tco2e,
    }
    labels = _labels()
    for name, value in values.items():
        if value is None:
            values[name] = Decimal(0)
        elif Decimal(value) < 0:
            raise EvaluationError(
                _("%(field)s cannot be negative (%(value)s).") % {"field": labels[name], "value": value}, field=name
            )
    note_zh = (offset_note_zh_hans or "").strip()
    note_en = (offset_note_en or "").strip()
    with transaction.atomic(durable=True):
        # The edition's row is the lock: two organizers saving at once (even the first time) take turns.
        lock_one(Edition, edition.pk)
        inputs = FootprintInputs.objects.filter(edition=edition).first()
        created = inputs is None
        if inputs is None:
            inputs = FootprintInputs(edition=edition)
        before = {} if created else {"venue": inputs.venue_id, **{name: str(getattr(inputs, name)) for name in values}}
        inputs.venue = venue
        for name, value in values.items():
            setattr(inputs, name, Decimal(value))
        inputs.offset_note = note_zh or note_en
        inputs.offset_note_zh_hans = note_zh or note_en
        inputs.offset_note_en = note_en or note_zh
        inputs.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        inputs.save()
        after = {"venue": venue.pk, **{name: str(getattr(inputs, name)) for name in values}}
        log_action(
            inputs,
            "evaluation.footprint.created" if created else "evaluation.footprint.changed",
            actor=actor,
            data={"before": before, "after": after, "offset_note": inputs.offset_note},
        )
    return inputs
