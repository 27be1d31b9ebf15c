"""Guest services of the 2023 demo edition: categories and forms, 2,500+ guests, gates and
check-ins, hotels, stations, vehicles and pickups, meals.

The seed says 2,500+ guests took part on site and online, among them 50+ invited experts. This
module registers that many invented guests (``is_demo``; the identity numbers are made up and
valid for nothing): the program's speakers and moderators as speakers, the exhibitors' staff,
the investors' contacts, media, staff and volunteers, guests, and an online audience. One
category (media) is full with a short waiting list, some registrations wait for approval, and the
first day's check-ins are recorded at four gates, so every back-office page has something real to
show. Guests get hotel rooms, arrivals with pickups and meals by diet.

One seeded random generator plans everything; rows are keyed on e-mail address, code or name and
only what is missing is written (``bulk_create``), so a second run writes nothing. Capacities are
respected by construction: the loader never writes more rooms, seats or places than there are.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model

from ecoforum.core.crypto import blind_index
from ecoforum.exhibition.models import Exhibitor
from ecoforum.forums import services as forum_services
from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.models import CommitteeMember, Edition
from ecoforum.people.models import Organization, Person
from ecoforum.program.models import Session
from ecoforum.services.enums import (
    Attendance,
    Diet,
    DocumentType,
    MealKind,
    QuestionKind,
    RegistrationStatus,
    RoomType,
    ScanResult,
    StationKind,
    TravelDirection,
    TravelMode,
)
from ecoforum.services.models import (
    RUN_DURATION,
    CheckIn,
    Gate,
    GuestCategory,
    Hotel,
    Meal,
    PickupRun,
    Question,
    Registration,
    RegistrationForm,
    RoomAllocation,
    RoomBlock,
    RunPassenger,
    Scan,
    SessionPlaces,
    SessionSignup,
    Station,
    TravelLeg,
    Vehicle,
)

from . import login as demo_login
from .investment import GIVEN, SURNAMES

SEED = 20230708
DESK_USER = demo_login.DESK
GATE_USER = demo_login.GATE


@dataclass(frozen=True)
class CategorySpec:
    code: str
    zh: str
    en: str
    attendance: str
    color: str
    needs_approval: bool
    capacity: int | None
    form_zh: str
    form_en: str
    requires_code: bool = False


CATEGORIES = [
    CategorySpec(
        "guest", "嘉宾", "Guests", Attendance.ON_SITE, "#1f7a4d", True, 1500, "嘉宾报名", "Guest registration"
    ),
    CategorySpec(
        "speaker", "演讲嘉宾", "Speakers", Attendance.ON_SITE, "#b26a00", True, 200, "演讲嘉宾报名", "Speakers", True
    ),
    CategorySpec(
        "media", "媒体", "Media", Attendance.ON_SITE, "#1565c0", True, 200, "媒体记者报名", "Media accreditation"
    ),
    CategorySpec(
        "exhibitor",
        "参展商",
        "Exhibitor staff",
        Attendance.ON_SITE,
        "#6a1b9a",
        False,
        900,
        "参展人员报名",
        "Exhibitor staff",
    ),
    CategorySpec(
        "investor", "投资商", "Investors", Attendance.ON_SITE, "#c62828", True, 300, "投资商报名", "Investors"
    ),
    CategorySpec(
        "staff",
        "工作人员",
        "Staff and volunteers",
        Attendance.ON_SITE,
        "#455a64",
        False,
        400,
        "工作人员与志愿者",
        "Staff and volunteers",
        True,
    ),
    CategorySpec(
        "online",
        "线上观众",
        "Online audience",
        Attendance.ONLINE,
        "#00838f",
        False,
        None,
        "线上参会报名",
        "Join online",
    ),
]
#: How many invented registrations of each category (speakers, exhibitor staff and investors come from the data).
INVENTED = {"guest": 1180, "media": 212, "staff": 160, "online": 820}
PENDING_SHARE = {"guest": 0.06, "media": 0.08, "investor": 0.1}
#: Invented foreign guests: country, first names, family names (combined at random).
FOREIGN = [
    ("DE", ["Anna", "Jonas", "Lena", "Felix"], ["Schmidt", "Becker", "Wagner", "Hoffmann"]),
    ("FR", ["Claire", "Louis", "Camille", "Hugo"], ["Martin", "Bernard", "Dubois", "Moreau"]),
    ("GB", ["James", "Olivia", "Harry", "Amelia"], ["Wilson", "Taylor", "Evans", "Walker"]),
    ("US", ["Emily", "Michael", "Sarah", "Daniel"], ["Johnson", "Miller", "Davis", "Garcia"]),
    ("KE", ["Wanjiru", "Otieno", "Akinyi", "Kiprono"], ["Kamau", "Odhiambo", "Mutua", "Chebet"]),
    ("BR", ["Lucas", "Mariana", "Gabriel", "Beatriz"], ["Silva", "Santos", "Oliveira", "Souza"]),
    ("JP", ["Yuki", "Haruto", "Sakura", "Ren"], ["Tanaka", "Suzuki", "Sato", "Watanabe"]),
    ("TH", ["Somchai", "Malee", "Anan", "Ploy"], ["Srisuk", "Chaiyaporn", "Wongsa", "Boonmee"]),
    ("NO", ["Ingrid", "Lars", "Sigrid", "Erik"], ["Hansen", "Johansen", "Olsen", "Larsen"]),
    ("EG", ["Omar", "Nour", "Karim", "Salma"], ["Hassan", "Mahmoud", "Ibrahim", "Farouk"]),
    ("LA", ["Kham", "Noy", "Souk", "Vanh"], ["Phommachanh", "Sisavath", "Vongsa", "Keomany"]),
    ("PK", ["Ayesha", "Bilal", "Sana", "Usman"], ["Khan", "Qureshi", "Malik", "Siddiqui"]),
]
GATES = [
    ("east", "东门（主入口）", "East gate (main entrance)"),
    ("west", "西门", "West gate"),
    ("media", "媒体通道", "Media entrance"),
    ("expo", "展馆入口", "Exhibition entrance"),
]
HOTELS = [
    ("生态会议中心酒店", "Eco Conference Centre Hotel", "贵阳市观山湖区林城东路1号", 260, 120),
    ("观山湖酒店", "Guanshan Lake Hotel", "贵阳市观山湖区长岭北路8号", 180, 90),
    ("花溪宾馆", "Huaxi Guesthouse", "贵阳市花溪区溪北路2号", 120, 60),
    ("筑城酒店", "Zhucheng Hotel", "贵阳市云岩区中华中路100号", 150, 80),
]
STATIONS = [
    ("贵阳龙洞堡国际机场", "Guiyang Longdongbao International Airport", StationKind.AIRPORT),
    ("贵阳北站", "Guiyang North Railway Station", StationKind.RAILWAY),
    ("贵阳东站", "Guiyang East Railway Station", StationKind.RAILWAY),
]
FLIGHTS = ["CA1411", "CZ3608", "MU5877", "HU7155", "ZH9547", "3U8633", "CA4511", "GJ8889"]
TRAINS = ["G1321", "G2303", "G1585", "D1859", "G1673", "G3723"]
MEALS = [
    (
        0,
        "12:00",
        MealKind.LUNCH,
        "开幕日自助午餐",
        "Opening-day buffet lunch",
        "国际生态会议中心二楼餐厅",
        "Conference centre, 2nd floor",
    ),
    (
        0,
        "18:30",
        MealKind.BANQUET,
        "欢迎晚宴",
        "Welcome banquet",
        "生态会议中心酒店宴会厅",
        "Eco Conference Centre Hotel ballroom",
    ),
    (
        1,
        "12:00",
        MealKind.LUNCH,
        "第二天自助午餐",
        "Day-two buffet lunch",
        "国际生态会议中心二楼餐厅",
        "Conference centre, 2nd floor",
    ),
]
DIETS = [(Diet.NONE, 0.82), (Diet.VEGETARIAN, 0.07), (Diet.HALAL, 0.06), (Diet.VEGAN, 0.02), (Diet.OTHER, 0.03)]
ALLERGIES = ["花生过敏 peanuts", "海鲜过敏 shellfish", "不吃辣 no chilli", "乳糖不耐 lactose", "麸质 gluten"]


def guest_share() -> float:
    """How much of the invented crowd to register: 1 for the demo; the demo's own tests take a slice (faster)."""
    return float(getattr(settings, "DEMO_GUEST_SHARE", 1.0))


def load_services(edition: Edition, *, password: str, report) -> None:
    """Add (or find) the edition's guest services demo data. Runs after the program is released."""
    rng = random.Random(SEED)  # noqa: S311 (invented data, not a secret)
    categories, forms = _categories_and_forms(edition, report)
    _users(edition, password, report)
    registrations = _registrations(edition, categories, forms, rng, report)
    gates = _gates(edition, report)
    _check_ins(edition, gates, registrations, rng, report)
    hotels = _hotels(edition, report)
    _rooms(edition, hotels, registrations, rng, report)
    _transport(edition, registrations, rng, report)
    _meals(edition, categories, report)
    _session_places(edition, registrations, rng, report)


def _categories_and_forms(edition, report) -> tuple[dict[str, GuestCategory], dict[str, RegistrationForm]]:
    from .loader import upsert

    categories, forms = {}, {}
    for order, spec in enumerate(CATEGORIES):
        category = upsert(
            GuestCategory,
            report,
            {"edition": edition, "code": spec.code},
            {
                "name_zh_hans": spec.zh,
                "name_en": spec.en,
                "attendance": spec.attendance,
                "color": spec.color,
                "needs_approval": spec.needs_approval,
                "capacity": spec.capacity,
                "order": order,
            },
        )
        categories[spec.code] = category
        forms[spec.code] = upsert(
            RegistrationForm,
            report,
            {"edition": edition, "slug": spec.code},
            {
                "category": category,
                "title_zh_hans": spec.form_zh,
                "title_en": spec.form_en,
                "intro_zh_hans": f"{edition.name_zh_hans}·{spec.zh}报名。提交后您将收到确认邮件。",
                "intro_en": (
                    f"Registration for {spec.en.lower()} of the {edition.name_en}. You will get a confirmation by mail."
                ),
                "requires_code": spec.requires_code,
                "asks_identity": spec.attendance == Attendance.ON_SITE,
                "order": order,
            },
        )
    media_form = forms["media"]
    upsert(
        Question,
        report,
        {"form": media_form, "order": 1},
        {
            "label_zh_hans": "媒体类型",
            "label_en": "Kind of media",
            "kind": QuestionKind.CHOICE,
            "choices_zh_hans": "报纸\n通讯社\n电视\n广播\n网络媒体",
            "choices_en": "Newspaper\nNews agency\nTelevision\nRadio\nOnline media",
            "required": True,
        },
    )
    upsert(
        Question,
        report,
        {"form": media_form, "order": 2},
        {
            "label_zh_hans": "是否需要采访安排",
            "label_en": "Would you like interviews arranged?",
            "kind": QuestionKind.YES_NO,
        },
    )
    upsert(
        Question,
        report,
        {"form": forms["guest"], "order": 1},
        {
            "label_zh_hans": "最感兴趣的议题",
            "label_en": "The topics you are most interested in",
            "kind": QuestionKind.MULTIPLE,
            "choices_zh_hans": "碳达峰碳中和\n生物多样性\n绿色金融\n石漠化治理\n生态产品价值实现",
            "choices_en": "Carbon peak and neutrality\nBiodiversity\nGreen finance\nRocky desertification control\n"
            "Realizing the value of ecological products",
        },
    )
    return categories, forms


def _users(edition, password: str, report) -> None:
    User = get_user_model()
    for username, role, title in (
        (DESK_USER, CommitteeRole.GUEST_SERVICES, "嘉宾服务组 Guest services"),
        (GATE_USER, CommitteeRole.GATE_STAFF, "入口验证 Gate staff"),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(
                username=username, email=f"{username}@example.org", is_active=True, is_staff=True
            )
            report.created[User._meta.label] += 1
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if not CommitteeMember.objects.filter(edition=edition, user=user, role=role).exists():
            forum_services.appoint_committee_member(edition, actor=None, user=user, role=role, title=title)
            report.created[CommitteeMember._meta.label] += 1


def _reference(rng: random.Random) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(rng.choice(alphabet) for _ in range(8))


def _diet(rng: random.Random) -> tuple[str, str]:
    pick, total = rng.random(), 0.0
    diet = Diet.NONE
    for value, share in DIETS:
        total += share
        if pick < total:
            diet = value
            break
    allergies = rng.choice(ALLERGIES) if rng.random() < 0.04 else ""
    return diet, allergies


def _identity(rng: random.Random, country: str) -> dict:
    if country == "CN":
        number = f"52010{rng.randrange(10**12, 10**13)}"
        return {"document_type": DocumentType.ID_CARD, "document_number": number, "nationality": "CN"}
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 12000))
    number = f"{country}{rng.randrange(10**6, 10**7)}"
    return {
        "document_type": DocumentType.PASSPORT,
        "document_number": number,
        "nationality": country,
        "date_of_birth": birth.isoformat(),
    }


def _registrations(edition, categories, forms, rng, report) -> list[Registration]:
    """Everyone registered, keyed on e-mail address; what exists is kept."""
    existing = {r.email: r for r in Registration.objects.filter(edition=edition).select_related("person")}
    plans: list[tuple[str, Person | None, dict]] = []  # (category code, existing person or None, person values)

    speakers = (
        Person.objects.filter(session_roles__session__edition=edition)
        .distinct()
        .order_by("pk")
        .select_related("organization")
    )
    for person in speakers:
        plans.append(("speaker", person, {}))
    investor_people = Person.objects.filter(investors__isnull=False).distinct().order_by("pk")
    for person in investor_people:
        plans.append(("investor", person, {}))
    exhibitors = list(Exhibitor.objects.filter(edition=edition).select_related("organization").order_by("pk"))
    share = guest_share()
    for exhibitor in exhibitors[: round(len(exhibitors) * share)]:
        for _ in range(1 + (exhibitor.pk % 3)):
            plans.append(("exhibitor", None, {"organization": exhibitor.organization}))
    orgs = list(Organization.objects.filter(is_demo=True).order_by("pk")[:80])
    for code, count in INVENTED.items():
        for _ in range(round(count * share)):
            plans.append((code, None, {"organization": rng.choice(orgs) if orgs else None}))

    now = dt.datetime.combine(edition.start_date - dt.timedelta(days=20), dt.time(10), tzinfo=edition.tz)
    new_people: list[Person] = []
    new_rows: list[tuple[str, Person, dict]] = []
    for index, (code, person, values) in enumerate(plans):
        email = (
            f"{code}{index:05d}@demo.ecoforum.example"
            if person is None
            else (person.email or f"{person.slug}@demo.ecoforum.example")
        )
        foreign = code in ("guest", "media", "speaker", "online") and rng.random() < 0.09
        if person is None:
            if foreign:
                country, firsts, lasts = rng.choice(FOREIGN)
                name_zh = name_en = f"{rng.choice(firsts)} {rng.choice(lasts)}"
            else:
                country = "CN"
                surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
                name_zh, name_en = surname[0] + given[0], f"{surname[1]} {given[1]}"
            values = {**values, "country": country, "name_zh": name_zh, "name_en": name_en}
        else:
            values = {"country": person.country or "CN"}
        diet, allergies = _diet(rng)
        identity = _identity(rng, values["country"])
        reference = _reference(rng)
        if email in existing:
            continue
        if person is None:
            person = Person(
                slug=f"guest-{edition.slug}-{index:05d}",
                name=values["name_zh"],
                name_zh_hans=values["name_zh"],
                name_en=values["name_en"],
                organization=values.get("organization"),
                country=values["country"],
                email=email,
                is_demo=True,
            )
            new_people.append(person)
        new_rows.append(
            (code, person, {"email": email, "diet": diet, "allergies": allergies, "reference": reference, **identity})
        )
    Person.objects.bulk_create(new_people)
    if new_people:
        report.created[Person._meta.label] += len(new_people)

    counts: dict[str, int] = defaultdict(int)
    for row in existing.values():
        if row.status in (RegistrationStatus.PENDING, RegistrationStatus.APPROVED):
            counts[row.category_id] += 1
    rows = []
    for offset, (code, person, values) in enumerate(new_rows):
        category, form = categories[code], forms[code]
        if category.capacity is not None and counts[category.pk] >= category.capacity:
            status = RegistrationStatus.WAITLISTED
        elif category.needs_approval and rng.random() < PENDING_SHARE.get(code, 0.0):
            status = RegistrationStatus.PENDING
        else:
            status = RegistrationStatus.APPROVED
        if status != RegistrationStatus.WAITLISTED:
            counts[category.pk] += 1
        document_key = blind_index(f"{values['document_type']}:{values['document_number']}", "document")
        rows.append(
            Registration(
                edition=edition,
                form=form,
                category=category,
                person=person,
                reference=values["reference"],
                status=status,
                attendance=category.attendance,
                language="en" if person.country != "CN" else "zh-hans",
                email=values["email"],
                email_key=blind_index(values["email"].lower(), "email"),
                phone=f"+86 139 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}"
                if person.country == "CN"
                else "",
                document_type=values["document_type"] if category.attendance == Attendance.ON_SITE else "",
                document_number=values["document_number"] if category.attendance == Attendance.ON_SITE else "",
                document_key=document_key if category.attendance == Attendance.ON_SITE else "",
                nationality=values["nationality"] if category.attendance == Attendance.ON_SITE else "",
                date_of_birth=values.get("date_of_birth", "") if category.attendance == Attendance.ON_SITE else "",
                diet=values["diet"] if category.attendance == Attendance.ON_SITE else "",
                allergies=values["allergies"] if category.attendance == Attendance.ON_SITE else "",
                decided_at=now + dt.timedelta(minutes=offset) if status == RegistrationStatus.APPROVED else None,
            )
        )
    Registration.objects.bulk_create(rows, batch_size=500)
    if rows:
        report.created[Registration._meta.label] += len(rows)
    return list(Registration.objects.filter(edition=edition).select_related("category", "person").order_by("pk"))


def _gates(edition, report) -> list[Gate]:
    from .loader import upsert

    return [
        upsert(Gate, report, {"edition": edition, "code": code}, {"name_zh_hans": zh, "name_en": en, "order": order})
        for order, (code, zh, en) in enumerate(GATES)
    ]


def _check_ins(edition, gates, registrations, rng, report) -> None:
    """The first day's arrivals: most approved on-site guests, spread over the morning across the gates."""
    if CheckIn.objects.filter(gate__edition=edition).exists():
        return
    by_code = {gate.code: gate for gate in gates}
    day = edition.start_date
    rows, scans = [], []
    for registration in registrations:
        if registration.status != RegistrationStatus.APPROVED or registration.attendance != Attendance.ON_SITE:
            continue
        if rng.random() > 0.86:
            continue
        code = registration.category.code
        gate = (
            by_code["media"]
            if code == "media"
            else by_code["expo"]
            if code == "exhibitor"
            else rng.choice([by_code["east"], by_code["east"], by_code["west"]])
        )
        at = dt.datetime.combine(day, dt.time(7, 30), tzinfo=edition.tz) + dt.timedelta(
            seconds=rng.randrange(0, 3 * 3600)
        )
        check_in = CheckIn(registration=registration, gate=gate, day=day, scanned_at=at)
        rows.append(check_in)
    CheckIn.objects.bulk_create(rows, batch_size=500)
    for check_in in rows:
        scans.append(
            Scan(
                edition=edition,
                gate=check_in.gate,
                payload=check_in.registration.reference,
                registration=check_in.registration,
                result=ScanResult.ADMITTED,
                check_in=check_in,
                scanned_at=check_in.scanned_at,
                device="demo",
            )
        )
    Scan.objects.bulk_create(scans, batch_size=500)
    report.created[CheckIn._meta.label] += len(rows)


def _hotels(edition, report) -> list[Hotel]:
    from .loader import upsert

    hotels = []
    nights = [edition.start_date - dt.timedelta(days=1), *edition.days]
    for order, (zh, en, address, singles, twins) in enumerate(HOTELS):
        hotel = upsert(
            Hotel,
            report,
            {"edition": edition, "name_zh_hans": zh},
            {
                "name_en": en,
                "address_zh_hans": address,
                "address_en": address,
                "phone": "+86 851 8000 000" + str(order),
                "order": order,
            },
        )
        for night in nights:
            for room_type, rooms, rate in (
                (RoomType.SINGLE, singles, Decimal("480")),
                (RoomType.TWIN, twins, Decimal("520")),
            ):
                upsert(
                    RoomBlock,
                    report,
                    {"hotel": hotel, "night": night, "room_type": room_type},
                    {"rooms": rooms, "rate": rate},
                )
        hotels.append(hotel)
    return hotels


def _rooms(edition, hotels, registrations, rng, report) -> None:
    """Speakers, investors, media and some guests in the hotels, two nights each, within the blocks."""
    if RoomAllocation.objects.filter(hotel__edition=edition).exists():
        return
    free = {
        (hotel.pk, room_type): rooms
        for hotel, (_zh, _en, _a, singles, twins) in zip(hotels, HOTELS, strict=True)
        for room_type, rooms in ((RoomType.SINGLE, singles), (RoomType.TWIN, twins))
    }
    arrival, departure = edition.start_date - dt.timedelta(days=1), edition.end_date + dt.timedelta(days=1)
    rows: list[RoomAllocation] = []
    for registration in registrations:
        code = registration.category.code
        if registration.status != RegistrationStatus.APPROVED or code not in ("speaker", "investor", "media", "guest"):
            continue
        if code == "guest" and rng.random() > 0.25:
            continue
        room_type = RoomType.SINGLE if code in ("speaker", "investor") else rng.choice([RoomType.SINGLE, RoomType.TWIN])
        options = [hotel for hotel in hotels if free[(hotel.pk, room_type)] > 0]
        if not options:
            continue
        hotel = options[0] if code == "speaker" else rng.choice(options)
        free[(hotel.pk, room_type)] -= 1
        rows.append(
            RoomAllocation(
                registration=registration, hotel=hotel, room_type=room_type, arrival=arrival, departure=departure
            )
        )
    RoomAllocation.objects.bulk_create(rows, batch_size=500)
    report.created[RoomAllocation._meta.label] += len(rows)


def _transport(edition, registrations, rng, report) -> None:
    """Arrivals of the hotel guests the day before, by air and rail; the morning runs from the airport filled."""
    from .loader import upsert

    stations = [
        upsert(Station, report, {"edition": edition, "name_zh_hans": zh}, {"name_en": en, "kind": kind, "order": order})
        for order, (zh, en, kind) in enumerate(STATIONS)
    ]
    vehicles = [
        upsert(
            Vehicle,
            report,
            {"edition": edition, "name": f"贵A·E{n:04d}"},
            {
                "seats": 7 if n <= 8 else 45,
                "driver": f"{SURNAMES[n % len(SURNAMES)][0]}师傅",
                "driver_phone": f"+86 138 5100 {n:04d}",
            },
        )
        for n in range(1, 13)
    ]
    if TravelLeg.objects.filter(registration__edition=edition).exists():
        return
    eve = edition.start_date - dt.timedelta(days=1)
    legs = []
    lodged = set(RoomAllocation.objects.filter(hotel__edition=edition).values_list("registration_id", flat=True))
    for registration in registrations:
        if registration.pk not in lodged:
            continue
        by_air = rng.random() < 0.7
        station = stations[0] if by_air else rng.choice(stations[1:])
        at = dt.datetime.combine(eve, dt.time(9), tzinfo=edition.tz) + dt.timedelta(minutes=15 * rng.randrange(0, 44))
        legs.append(
            TravelLeg(
                registration=registration,
                direction=TravelDirection.ARRIVAL,
                mode=TravelMode.FLIGHT if by_air else TravelMode.TRAIN,
                number=rng.choice(FLIGHTS if by_air else TRAINS),
                station=station,
                at=at,
                needs_pickup=rng.random() < 0.8,
            )
        )
        back = dt.datetime.combine(edition.end_date + dt.timedelta(days=1), dt.time(8), tzinfo=edition.tz)
        legs.append(
            TravelLeg(
                registration=registration,
                direction=TravelDirection.DEPARTURE,
                mode=TravelMode.FLIGHT if by_air else TravelMode.TRAIN,
                number=rng.choice(FLIGHTS if by_air else TRAINS),
                station=station,
                at=back + dt.timedelta(minutes=30 * rng.randrange(0, 20)),
                needs_pickup=rng.random() < 0.6,
            )
        )
    TravelLeg.objects.bulk_create(legs, batch_size=500)
    report.created[TravelLeg._meta.label] += len(legs)
    # The morning airport arrivals of the eve (9:00-12:00), in hourly runs of the small vans.
    arrivals = sorted(
        (
            leg
            for leg in legs
            if leg.direction == TravelDirection.ARRIVAL
            and leg.station == stations[0]
            and leg.needs_pickup
            and leg.at.astimezone(edition.tz).hour < 12
        ),
        key=lambda leg: leg.at,
    )
    runs, passengers = [], []
    busy_until: dict[int, dt.datetime] = {}  # a van is free again 90 minutes after it leaves
    for hour in (10, 11, 12):
        departs = dt.datetime.combine(eve, dt.time(hour), tzinfo=edition.tz)
        window = [leg for leg in arrivals if leg.at.astimezone(edition.tz).hour == hour - 1]
        vans = [v for v in vehicles[:8] if busy_until.get(v.pk, departs) <= departs]
        while window and vans:
            vehicle = vans.pop(0)
            busy_until[vehicle.pk] = departs + RUN_DURATION
            run = PickupRun(
                edition=edition,
                vehicle=vehicle,
                station=stations[0],
                direction=TravelDirection.ARRIVAL,
                departs_at=departs,
                ends_at=departs + RUN_DURATION,
            )
            runs.append((run, window[: vehicle.seats]))
            window = window[vehicle.seats :]
    PickupRun.objects.bulk_create([run for run, _legs in runs])
    for run, riders in runs:
        passengers.extend(RunPassenger(run=run, leg=leg) for leg in riders)
    RunPassenger.objects.bulk_create(passengers)
    report.created[PickupRun._meta.label] += len(runs)


def _meals(edition, categories, report) -> None:
    from .loader import set_related, upsert

    on_site = [c for c in categories.values() if c.attendance == Attendance.ON_SITE]
    for day, hhmm, kind, zh, en, venue_zh, venue_en in MEALS:
        hours, minutes = (int(x) for x in hhmm.split(":"))
        starts = dt.datetime.combine(
            edition.start_date + dt.timedelta(days=day), dt.time(hours, minutes), tzinfo=edition.tz
        )
        meal = upsert(
            Meal,
            report,
            {"edition": edition, "name_zh_hans": zh},
            {"name_en": en, "kind": kind, "starts_at": starts, "venue_zh_hans": venue_zh, "venue_en": venue_en},
        )
        served = [c for c in on_site if kind != MealKind.BANQUET or c.code in ("guest", "speaker", "investor")]
        set_related(meal.categories, served, report, "services.Meal.categories")


def _session_places(edition, registrations, rng, report) -> None:
    """Two workshops of the second day take sign-ups: 60 places each, one of them full with a short list."""
    from .loader import upsert

    sessions = list(Session.objects.filter(edition=edition, kind="dialogue").order_by("code")[:2])
    if not sessions or SessionSignup.objects.filter(session__in=sessions).exists():
        for session in sessions:
            upsert(SessionPlaces, report, {"session": session}, {"places": 60})
        return
    guests = [
        r for r in registrations if r.status == RegistrationStatus.APPROVED and r.attendance == Attendance.ON_SITE
    ]
    rng.shuffle(guests)
    rows = []
    for session, count in zip(sessions, (66, 35), strict=True):
        upsert(SessionPlaces, report, {"session": session}, {"places": 60})
        for n, registration in enumerate(guests[:count]):
            rows.append(
                SessionSignup(
                    registration=registration, session=session, status="confirmed" if n < 60 else "waitlisted"
                )
            )
        guests = guests[count:]
    SessionSignup.objects.bulk_create(rows)
    report.created[SessionSignup._meta.label] += len(rows)
