"""Forms of hotels, transport and meals: the back office's and the guest's travel page.

Forms only read and shape the input; the rules are the services' (:mod:`.hotels`,
:mod:`.transport`, :mod:`.meals`), whose errors the views put back on the form.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from ecoforum.forums.models import Edition

from . import hotels, transport
from .enums import MealKind, RoomType, TravelDirection, TravelMode
from .models import GuestCategory, Hotel, PickupRun, Station, Vehicle

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _days(days: list[dt.date]) -> list[tuple[str, str]]:
    return [(d.isoformat(), d.isoformat()) for d in days]


class _EditionForm(forms.Form):
    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition

    def moment(self, day_field: str = "day", time_field: str = "time") -> dt.datetime:
        return dt.datetime.combine(self.cleaned_data[day_field], self.cleaned_data[time_field], tzinfo=self.edition.tz)


# --- hotels -------------------------------------------------------------------------------------


class AllocationForm(_EditionForm):
    hotel = forms.ModelChoiceField(label=_("Hotel"), queryset=Hotel.objects.none())
    room_type = forms.ChoiceField(label=_("Room type"), choices=RoomType.choices)
    arrival = forms.DateField(label=_("Check-in date"), widget=DATE)
    departure = forms.DateField(label=_("Check-out date"), widget=DATE)
    shares_with = forms.CharField(
        label=_("Shares the twin room of (reference)"),
        max_length=12,
        required=False,
        help_text=_("The reference of the guest who holds the room, such as K7WQ2M9P."),
    )
    room_number = forms.CharField(label=_("Room number"), max_length=20, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["hotel"].queryset = hotels.hotels_of(edition)
        first, last = hotels.stay_window(edition)
        for name in ("arrival", "departure"):
            self.fields[name].widget = forms.DateInput(
                attrs={"type": "date", "min": first.isoformat(), "max": last.isoformat()}, format="%Y-%m-%d"
            )

    def clean_shares_with(self):
        reference = "".join(self.cleaned_data["shares_with"].split()).upper()
        if not reference:
            return None
        holder = hotels.allocations_of(self.edition).filter(registration__reference=reference).first()
        if holder is None:
            raise forms.ValidationError(_("%(reference)s has no room to share.") % {"reference": reference})
        return holder


class BlockForm(_EditionForm):
    hotel = forms.ModelChoiceField(label=_("Hotel"), queryset=Hotel.objects.none())
    night = forms.TypedChoiceField(label=_("Night of"), coerce=dt.date.fromisoformat)
    room_type = forms.ChoiceField(label=_("Room type"), choices=RoomType.choices)
    rooms = forms.IntegerField(label=_("Rooms"), min_value=0, max_value=5000)
    rate = forms.DecimalField(
        label=_("Rate per night (yuan)"), min_value=0, max_digits=10, decimal_places=2, required=False
    )

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["hotel"].queryset = hotels.hotels_of(edition)
        self.fields["night"].choices = _days(hotels.window_nights(edition))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Guest"), max_length=100, required=False)


# --- transport ----------------------------------------------------------------------------------


class LegForm(_EditionForm):
    """An arrival or a departure, as the guest (or guest services) enters it."""

    mode = forms.ChoiceField(label=_("By"), choices=TravelMode.choices)
    number = forms.CharField(
        label=_("Flight or train number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocapitalize": "characters"}),
    )
    station = forms.ModelChoiceField(label=_("Airport or station"), queryset=Station.objects.none())
    day = forms.TypedChoiceField(label=_("Date"), coerce=dt.date.fromisoformat)
    time = forms.TimeField(label=_("Time (local)"), widget=TIME)
    needs_pickup = forms.BooleanField(label=_("I need a pickup"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["station"].queryset = transport.stations_of(edition)
        self.fields["day"].choices = _days(transport.window_days(edition))

    @classmethod
    def initial_for(cls, leg) -> dict:
        if leg is None:
            return {}
        local = leg.at.astimezone(leg.registration.edition.tz)
        return {
            "mode": leg.mode,
            "number": leg.number,
            "station": leg.station_id,
            "day": local.date().isoformat(),
            "time": local.time().replace(second=0, microsecond=0),
            "needs_pickup": leg.needs_pickup,
            "note": leg.note,
        }

    def leg_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "mode": data["mode"],
            "number": data["number"],
            "station": data["station"],
            "at": self.moment(),
            "needs_pickup": data["needs_pickup"],
            "note": data["note"],
        }


class StaffLegForm(LegForm):
    reference = forms.CharField(label=_("Reference"), max_length=12)
    direction = forms.ChoiceField(label=_("Direction"), choices=TravelDirection.choices)
    field_order = ["reference", "direction"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs_pickup"].label = _("Needs a pickup")


class RunForm(_EditionForm):
    vehicle = forms.ModelChoiceField(label=_("Vehicle"), queryset=Vehicle.objects.none())
    station = forms.ModelChoiceField(label=_("Station"), queryset=Station.objects.none())
    direction = forms.ChoiceField(label=_("Direction"), choices=TravelDirection.choices)
    day = forms.TypedChoiceField(label=_("Date"), coerce=dt.date.fromisoformat)
    time = forms.TimeField(label=_("Leaves at"), widget=TIME)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["vehicle"].queryset = transport.vehicles_of(edition)
        self.fields["vehicle"].label_from_instance = lambda v: f"{v.name} · {v.seats} · {v.driver}".rstrip(" ·")
        self.fields["station"].queryset = transport.stations_of(edition)
        self.fields["day"].choices = _days(transport.window_days(edition))


class RunChangeForm(_EditionForm):
    vehicle = forms.ModelChoiceField(label=_("Vehicle"), queryset=Vehicle.objects.none())
    day = forms.TypedChoiceField(label=_("Date"), coerce=dt.date.fromisoformat)
    time = forms.TimeField(label=_("Leaves at"), widget=TIME)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["vehicle"].queryset = transport.vehicles_of(edition)
        self.fields["vehicle"].label_from_instance = lambda v: f"{v.name} · {v.seats} · {v.driver}".rstrip(" ·")
        self.fields["day"].choices = _days(transport.window_days(edition))

    @classmethod
    def initial_for(cls, run: PickupRun) -> dict:
        local = run.departs_at.astimezone(run.edition.tz)
        return {"vehicle": run.vehicle_id, "day": local.date().isoformat(), "time": local.time(), "note": run.note}


class AssignForm(forms.Form):
    run = forms.ModelChoiceField(label=_("Run"), queryset=PickupRun.objects.none())

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["run"].queryset = PickupRun.objects.filter(edition=edition)


class DayForm(_EditionForm):
    day = forms.TypedChoiceField(label=_("Date"), coerce=dt.date.fromisoformat)

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["day"].choices = _days(transport.window_days(edition))


# --- meals --------------------------------------------------------------------------------------


class MealForm(_EditionForm):
    name_zh_hans = forms.CharField(label=_("Name (Chinese)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=MealKind.choices)
    day = forms.TypedChoiceField(label=_("Date"), coerce=dt.date.fromisoformat)
    time = forms.TimeField(label=_("Time"), widget=TIME)
    venue_zh_hans = forms.CharField(label=_("Where (Chinese)"), max_length=200, required=False)
    venue_en = forms.CharField(label=_("Where (English)"), max_length=200, required=False)
    categories = forms.ModelMultipleChoiceField(
        label=_("Served to"),
        queryset=GuestCategory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, edition=edition, **kwargs)
        self.fields["day"].choices = _days(transport.window_days(edition))
        self.fields["categories"].queryset = GuestCategory.objects.filter(edition=edition).order_by("order", "code")

    def clean(self):
        data = super().clean()
        if not (data.get("name_zh_hans") or data.get("name_en")):
            self.add_error("name_zh_hans", _("Give a name in at least one language."))
        return data

    def meal_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name_zh_hans": data["name_zh_hans"],
            "name_en": data["name_en"],
            "kind": data["kind"],
            "starts_at": self.moment(),
            "venue_zh_hans": data["venue_zh_hans"],
            "venue_en": data["venue_en"],
            "categories": list(data["categories"]),
        }
