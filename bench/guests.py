"""Guest services under load, on PostgreSQL: `make bench-guests` (needs DATABASE_URL=postgres://…).

Two measurements, each beside a baseline of plain INSERTs of the same rows made in
the same run by the same number of threads (one connection each), so a noisy
machine moves both and the ratio holds:

(a) registration burst: N registrations through ``registration.register`` from 8
    threads at once into one category with fewer places than applicants (the category
    row is locked for each one), against plain inserts of the same people and
    registrations (and a single ``bulk_create`` of them). Checks that the places held:
    exactly ``capacity`` registrations take a place, the rest wait.
(b) check-in: 8 gate threads scan a pool of badges through ``checkin.scan`` (every
    badge scanned one to four times, at different gates, in a shuffled order), against
    plain inserts of the same scan and check-in rows. Prints scans per second for both
    and checks that there is **no duplicate check-in**.

The bench works in an edition of its own (``bench-guests-…``) and deletes it at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

THREADS = 8


def setup_django() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print(
            "bench/guests.py measures row locks and constraints under concurrent clients: it needs PostgreSQL.\n"
            "Set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecoforum_bench make bench-guests",
            file=sys.stderr,
        )
        raise SystemExit(2)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecoforum.settings")
    os.environ.setdefault("ECOFORUM_TESTING", "1")  # mail to memory, tasks run at once
    os.environ.setdefault("DB_CONN_MAX_AGE", "0")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # guests' mail stays in memory

    call_command("migrate", verbosity=0, interactive=False)


def in_threads(work: Callable[[int], None], threads: int = THREADS) -> float:
    """Run ``work(i)`` in ``threads`` threads started together; the wall time in seconds."""
    from django.db import connections

    barrier = threading.Barrier(threads + 1)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:  # reported after the run
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in pool:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return elapsed


def shares(items: list, threads: int = THREADS) -> list[list]:
    return [items[i::threads] for i in range(threads)]


# --- the edition ------------------------------------------------------------------------


def make_edition():
    from django.utils import timezone

    from ecoforum.forums.models import Edition, Forum

    forum, _created = Forum.objects.get_or_create(
        slug="bench", defaults={"name_zh_hans": "基准论坛", "name_en": "Bench"}
    )
    today = timezone.localdate(timezone=dt.timezone(dt.timedelta(hours=8)))
    return Edition.objects.create(
        forum=forum,
        slug=f"bench-guests-{secrets.token_hex(3)}",
        year=2000 + secrets.randbelow(900),
        name_zh_hans="基准论坛（嘉宾服务）",
        name_en="Bench forum (guest services)",
        city_zh_hans="贵阳",
        city_en="Guiyang",
        start_date=today,
        end_date=today + dt.timedelta(days=1),
    )


def drop_edition(edition) -> None:
    from django.db import connection

    from ecoforum.core.models import AuditEntry
    from ecoforum.people.models import Person
    from ecoforum.services.models import (
        CheckIn,
        Gate,
        GuestCategory,
        Notification,
        Registration,
        RegistrationForm,
        Scan,
    )

    Scan.objects.filter(edition=edition).delete()
    CheckIn.objects.filter(registration__edition=edition).delete()
    Notification.objects.filter(registration__edition=edition).delete()
    people = list(Registration.objects.filter(edition=edition).values_list("person_id", flat=True))
    Registration.objects.filter(edition=edition).delete()
    Person.objects.filter(pk__in=people).delete()
    RegistrationForm.objects.filter(edition=edition).delete()
    GuestCategory.objects.filter(edition=edition).delete()
    Gate.objects.filter(edition=edition).delete()
    AuditEntry.objects.filter(edition_id=edition.pk).delete()
    edition.delete()
    connection.close()


# --- (a) registration burst ------------------------------------------------------------


def registration_burst(edition, count: int) -> dict:
    from django.db import connection, transaction

    from ecoforum.core.crypto import blind_index
    from ecoforum.people.models import Person
    from ecoforum.services import registration
    from ecoforum.services.enums import HOLDING, RegistrationStatus
    from ecoforum.services.models import GuestCategory, Registration, RegistrationForm

    capacity = count * 3 // 4
    category = GuestCategory.objects.create(
        edition=edition, code="burst", name_zh_hans="嘉宾", name_en="Guests", needs_approval=False, capacity=capacity
    )
    form = RegistrationForm.objects.create(
        edition=edition, category=category, slug="burst", title_zh_hans="报名", title_en="Register", asks_identity=False
    )
    applicants = [
        registration.Applicant(
            name_zh=f"嘉宾{i}", name_en=f"Guest {i}", email=f"burst{i}@bench.example.org", language="zh-hans"
        )
        for i in range(count)
    ]
    # The service: 8 threads, each registering its share one after the other.
    service_time = in_threads(lambda i: [registration.register(form, a) for a in shares(applicants)[i]])
    taken = Registration.objects.filter(category=category, status__in=HOLDING).count()
    waiting = Registration.objects.filter(category=category, status=RegistrationStatus.WAITLISTED).count()

    # The baseline: the same people and registrations, plain INSERTs, 8 threads, no lock, no check.
    plain_category = GuestCategory.objects.create(edition=edition, code="plain", name_zh_hans="基线", name_en="Plain")
    plain_form = RegistrationForm.objects.create(
        edition=edition, category=plain_category, slug="plain", title_zh_hans="基线", title_en="Plain"
    )

    def plain(i: int) -> None:
        for a in shares(applicants)[i]:
            person = Person.objects.create(
                slug=f"plain-{uuid.uuid4().hex[:12]}", name_zh_hans=a.name_zh, name_en=a.name_en, email=a.email
            )
            Registration.objects.create(
                edition=edition,
                form=plain_form,
                category=plain_category,
                person=person,
                status=RegistrationStatus.APPROVED,
                email="plain-" + a.email,
                email_key=blind_index("plain-" + a.email, "email"),
            )

    plain_time = in_threads(plain)

    # And one bulk_create of the same rows, for scale.
    bulk_category = GuestCategory.objects.create(edition=edition, code="bulk", name_zh_hans="批量", name_en="Bulk")
    bulk_form = RegistrationForm.objects.create(
        edition=edition, category=bulk_category, slug="bulk", title_zh_hans="批量", title_en="Bulk"
    )
    started = time.perf_counter()
    with transaction.atomic():
        people = Person.objects.bulk_create(
            Person(slug=f"bulk-{uuid.uuid4().hex[:12]}", name_zh_hans=a.name_zh, name_en=a.name_en) for a in applicants
        )
        Registration.objects.bulk_create(
            Registration(
                edition=edition,
                form=bulk_form,
                category=bulk_category,
                person=person,
                email="bulk-" + a.email,
                email_key=blind_index("bulk-" + a.email, "email"),
            )
            for a, person in zip(applicants, people, strict=True)
        )
    bulk_time = time.perf_counter() - started
    connection.close()
    return {
        "count": count,
        "capacity": capacity,
        "taken": taken,
        "waiting": waiting,
        "service": count / service_time,
        "plain": count / plain_time,
        "bulk": count / bulk_time,
    }


# --- (b) check-in throughput ----------------------------------------------------------------


def checkin_throughput(edition, badges_count: int, seed: int) -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from ecoforum.core.crypto import blind_index
    from ecoforum.people.models import Person
    from ecoforum.services import badges, checkin
    from ecoforum.services.enums import RegistrationStatus, ScanResult
    from ecoforum.services.models import CheckIn, Gate, GuestCategory, Registration, RegistrationForm, Scan

    category = GuestCategory.objects.create(edition=edition, code="badges", name_zh_hans="嘉宾", name_en="Guests")
    form = RegistrationForm.objects.create(
        edition=edition, category=category, slug="badges", title_zh_hans="报名", title_en="Register"
    )
    gates = [
        Gate.objects.create(edition=edition, code=f"gate-{i}", name_zh_hans=f"{i}号门", name_en=f"Gate {i}")
        for i in range(THREADS)
    ]
    people = Person.objects.bulk_create(
        Person(slug=f"badge-{uuid.uuid4().hex[:12]}", name_zh_hans=f"持证人{i}", name_en=f"Holder {i}")
        for i in range(badges_count)
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            edition=edition,
            form=form,
            category=category,
            person=person,
            status=RegistrationStatus.APPROVED,
            email=f"holder{i}@bench.example.org",
            email_key=blind_index(f"holder{i}@bench.example.org", "email"),
        )
        for i, person in enumerate(people)
    )
    tokens = [badges.badge_token(r) for r in registrations]
    rng = random.Random(seed)
    # Every badge scanned one to four times, the scans spread over the gates and shuffled.
    scans = [(token, index) for index, token in enumerate(tokens) for _ in range(rng.randint(1, 4))]
    rng.shuffle(scans)
    now = timezone.now()
    per_gate = shares(scans)

    def gate_work(i: int) -> None:
        for token, _index in per_gate[i]:
            checkin.scan(edition, gates[i], token, scan_id=uuid.uuid4(), scanned_at=now, device=f"bench-{i}")

    service_time = in_threads(gate_work)
    results = dict(Scan.objects.filter(edition=edition).values_list("result").annotate(n=Count("pk")))
    duplicates = (
        CheckIn.objects.filter(registration__edition=edition)
        .values("registration_id", "day")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    check_ins = CheckIn.objects.filter(registration__edition=edition).count()

    # The baseline: the same scan rows and check-in rows (one per badge), plain INSERTs from 8 threads.
    day = checkin.day_of(edition, now)
    plain_day = day + dt.timedelta(days=1)  # another day, so the constraint allows the same badges again
    first_seen: set[int] = set()
    plain_rows: list[list[tuple[int, bool]]] = [[] for _ in range(THREADS)]
    for position, (_token, index) in enumerate(scans):
        plain_rows[position % THREADS].append((index, index not in first_seen))
        first_seen.add(index)

    def plain(i: int) -> None:
        for index, first in plain_rows[i]:
            registration = registrations[index]
            check_in = None
            if first:
                check_in = CheckIn.objects.create(
                    registration=registration, gate=gates[i], day=plain_day, scanned_at=now
                )
            Scan.objects.create(
                edition=edition,
                gate=gates[i],
                payload=tokens[index],
                registration=registration,
                result=ScanResult.ADMITTED if first else ScanResult.REPEAT,
                check_in=check_in,
                scanned_at=now,
                device=f"plain-{i}",
            )

    plain_time = in_threads(plain)
    connection.close()
    return {
        "badges": badges_count,
        "scans": len(scans),
        "service": len(scans) / service_time,
        "plain": len(scans) / plain_time,
        "admitted": results.get(ScanResult.ADMITTED, 0),
        "repeat": results.get(ScanResult.REPEAT, 0),
        "check_ins": check_ins,
        "duplicates": duplicates,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=800, help="registrations in the burst (default 800)")
    parser.add_argument("--badges", type=int, default=1000, help="badges in the check-in pool (default 1000)")
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    print(f"PostgreSQL {connection.cursor().connection.info.server_version}, {THREADS} threads, one connection each")
    edition = make_edition()
    failed = False
    try:
        burst = registration_burst(edition, args.registrations)
        print(f"\n(a) registration burst: {burst['count']} registrations, {burst['capacity']} places")
        print(f"    registration.register   {burst['service']:9.1f} registrations/s")
        print(
            f"    plain INSERT (8 threads) {burst['plain']:8.1f} rows/s   ratio {burst['service'] / burst['plain']:.2f}"
        )
        print(
            f"    bulk_create (1 thread)   {burst['bulk']:8.1f} rows/s   ratio {burst['service'] / burst['bulk']:.3f}"
        )
        held = burst["taken"] == burst["capacity"] and burst["waiting"] == burst["count"] - burst["capacity"]
        print(
            f"    places taken {burst['taken']} of {burst['capacity']}, waiting {burst['waiting']}: "
            f"{'capacity held' if held else 'CAPACITY BROKEN'}"
        )
        failed |= not held

        scans = checkin_throughput(edition, args.badges, args.seed)
        print(f"\n(b) check-in: {scans['scans']} scans of {scans['badges']} badges at {THREADS} gates at once")
        print(f"    checkin.scan             {scans['service']:8.1f} scans/s")
        ratio = scans["service"] / scans["plain"]
        print(f"    plain INSERT (8 threads) {scans['plain']:8.1f} scans/s   ratio {ratio:.2f}")
        print(f"    admitted {scans['admitted']}, repeats {scans['repeat']}, check-ins {scans['check_ins']}")
        exact = scans["admitted"] == scans["check_ins"] == scans["badges"]
        print(f"    duplicate check-ins: {scans['duplicates']}")
        failed |= scans["duplicates"] != 0 or not exact
        print("    every badge checked in exactly once" if exact else "    CHECK-INS DO NOT MATCH THE BADGES")
    finally:
        drop_edition(edition)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
