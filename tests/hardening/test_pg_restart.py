"""PostgreSQL really stopped and started again under load (issue 8).

The shared test server cannot be restarted (other people use it), so the test makes a private
PostgreSQL cluster of its own (``pgcluster.py``: ``initdb`` in a temporary directory, on a free
port, as the ``postgres`` system user when the tests run as root) and copies the test database,
already migrated and holding the test's fixtures, into it with ``pg_dump | psql``: a couple of
seconds instead of running every migration again.

gunicorn serves it with two workers, not in test mode, so they keep their connections
(``DB_CONN_MAX_AGE``) and have to notice that those died. Three clients register guests with
``Idempotency-Key``s and a scanner app checks badges in, retrying what fails with the same key
after a short pause as a well-behaved client does, while the server is stopped twice, first as
an administrator restarts it (``pg_ctl stop -m fast``), then as a crash does (``-m immediate``,
crash recovery on start), and started again each time:

- while it is down every request gets a clean answer: 503 with ``Retry-After``, the API's JSON
  ``{"detail": …}`` in the request's language, the bilingual page for pages, ``database
  unavailable`` from ``/healthz``; never a 500;
- once it is up, every request succeeds again at once, without restarting gunicorn
  (``conn_health_checks`` replace the dead connections);
- every request that failed, retried with its key (or its ``scan_id``), succeeds, once; the
  database then holds exactly one registration per key, and every reference ever answered;
  one check-in per guest and one scan per ``scan_id``: nothing lost, nothing doubled.

What it costs: about 15 s on a quiet two-core machine (the cluster, the copy and gunicorn's start
are most of it); the run prints its figures with ``-s``.
"""

from __future__ import annotations

import itertools
import re
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import psycopg
import pytest
import requests

from ecoforum.api.models import ApiToken, IdempotentRequest
from ecoforum.core import outage
from ecoforum.forums.enums import CommitteeRole
from ecoforum.services import badges
from ecoforum.services.models import CheckIn, Registration, Scan

from ..services.factories import (
    GateFactory,
    GuestCategoryFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    committee_user,
    edition_day,
)
from .pgcluster import PrivateCluster, private_cluster
from .test_faults import database_url, gunicorn

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@dataclass
class Answer:
    kind: str  # "register" or "scan"
    key: str  # the Idempotency-Key or the scan_id
    language: str
    sent: float
    received: float
    status: int
    body: dict
    retry_after: str | None


#: What a request that worked answers: a registration is created (201), a scan is judged (200).
SUCCESS = {"register": 201, "scan": 200}


def test_postgres_stopped_and_started_under_load_answers_503_recovers_and_loses_nothing(edition):
    started = time.monotonic()
    with private_cluster() as cluster, ThreadPoolExecutor(max_workers=1) as background:
        booted = background.submit(cluster.boot)
        category = GuestCategoryFactory(edition=edition, code="guests", needs_approval=False, capacity=None)
        form = RegistrationFormFactory(edition=edition, category=category, slug="guests", asks_identity=False)
        GateFactory(edition=edition, code="east", name_zh_hans="东门", name_en="East gate")
        guests = [RegistrationFactory(edition=edition, form=form) for _ in range(8)]
        _row, token = ApiToken.issue(committee_user(edition, CommitteeRole.GATE_STAFF), name="Scanner app")
        app_log = cluster.root / "app.log"
        # gunicorn boots while the cluster is made (its /healthz says 503 until the database is there).
        # Not in test mode, so the workers keep their connections (DB_CONN_MAX_AGE) and must notice dead ones.
        served = gunicorn(
            workers=2,
            preload=True,
            log=app_log,
            ECOFORUM_TESTING="0",
            DATABASE_URL=cluster.url("ecoforum"),
            EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        )
        with served as base:
            booted.result()
            cluster.copy_database(database_url(), "ecoforum")
            ready = time.monotonic()
            answers, pages, windows = _under_load(base, cluster, edition, guests, token)
            loaded = time.monotonic()
        with psycopg.connect(cluster.url("ecoforum")) as db:
            registered = db.execute(
                f"SELECT email, reference FROM {Registration._meta.db_table} "
                "WHERE edition_id = %s AND NOT id = ANY(%s)",
                [edition.pk, [guest.pk for guest in guests]],
            ).fetchall()
            keys_kept = db.execute(f"SELECT count(*) FROM {IdempotentRequest._meta.db_table}").fetchone()[0]
            scan_rows = db.execute(f"SELECT id::text, result FROM {Scan._meta.db_table}").fetchall()
            check_ins = db.execute(
                f"SELECT registration_id, count(*) FROM {CheckIn._meta.db_table} GROUP BY registration_id"
            ).fetchall()
        logged = app_log.read_text()
    failures = [a for a in answers if a.status != SUCCESS[a.kind]]
    print(  # noqa: T201 - what the test costs, for the README
        f"\nready {ready - started:.1f}s, load {loaded - ready:.1f}s, total {time.monotonic() - started:.1f}s; "
        f"{len(answers)} requests, {len(failures)} answered 503 and retried"
    )

    # While it was down: clean 503s, never a 500, in the request's language, each logged in one line.
    assert ({a.kind for a in failures}, {a.language for a in failures}) == ({"register", "scan"}, {"en", "zh-hans"})
    assert {(a.status, a.retry_after, a.language, a.body["detail"]) for a in failures} <= {
        (503, "5", language, text) for language, (_title, text) in outage.MESSAGES.items()
    }
    during = [a for a in answers if any(down <= a.sent and a.received <= start for _, down, start, _, _ in windows)]
    assert (len(during) >= 16, {a.status for a in during}) == (True, {503})
    assert logged.count("database unavailable, answered 503: POST ") == len(failures)
    # No traceback, but for the after-commit hooks (search index) that Django runs "robust" and logs.
    hook = re.compile(
        r"^Error calling .*? in on_commit\(\) during transaction.*?(?=^\[|^database |^Error |\Z)", re.M | re.S
    )
    assert "Traceback" not in hook.sub("", logged), hook.sub("", logged)
    # Pages: the short page in the reader's language first, 503 + Retry-After; the load balancer's check says why.
    assert [(pages[name].status_code, pages[name].headers.get("Retry-After")) for name in PAGES] == [(503, "5")] * 3
    assert [re.findall(r'<h1 lang="([^"]+)">', pages[name].text) for name in PAGES] == [
        ["zh-hans", "en"],
        ["en", "zh-hans"],
        ["en", "zh-hans"],
    ]
    assert [
        (pages[name].status_code, pages[name].text) for name in ("healthz", "healthz fast", "healthz immediate")
    ] == [
        (503, "database unavailable"),
        (200, "ok"),
        (200, "ok"),
    ]

    # Up again: every request succeeds at once, gunicorn never restarted.
    after = [a for a in answers if any(up <= a.sent and a.received <= until for _, _, _, up, until in windows)]
    assert len(after) >= 12
    assert [a for a in after if a.status != SUCCESS[a.kind]] == []
    # Every failed request, retried with its key or its scan_id, succeeded once, the last time it was sent.
    tries: dict[tuple[str, str], list[int]] = {}
    for a in answers:
        tries.setdefault((a.kind, a.key), []).append(a.status)
    assert len([key for key, statuses in tries.items() if len(statuses) > 1]) >= 4
    assert {key: statuses for key, statuses in tries.items() if statuses[-1] != SUCCESS[key[0]]} == {}
    assert {key: statuses for key, statuses in tries.items() if set(statuses[:-1]) - {503}} == {}

    # Nothing lost, nothing doubled: one registration per key, every reference ever answered; one scan per
    # scan_id, one check-in per guest.
    keys = {a.key for a in answers if a.kind == "register"}
    assert sorted(email for email, _ref in registered) == sorted(f"{key}@example.cn" for key in keys)
    assert {ref for _email, ref in registered} == {a.body["reference"] for a in answers if a.status == 201}
    assert keys_kept == len(keys)
    scans = {a.key: a.body for a in answers if a.kind == "scan" and a.status == 200}
    assert sorted(scan_id for scan_id, _result in scan_rows) == sorted(scans)
    admitted = {body["reference"] for body in scans.values() if body["result"] == "admitted"}
    assert sorted(check_ins) == sorted((guest.pk, 1) for guest in guests if guest.reference in admitted)
    assert len(admitted) == min(len(guests), len(scans))


#: The pages asked for while the database is down: (address, language).
PAGES = {
    "program zh": ("/{slug}/program/", "zh-hans"),
    "program en": ("/{slug}/program/", "en"),
    "home en": ("/", "en"),
}


def _under_load(base: str, cluster: PrivateCluster, edition, guests, token: str):
    """Three clients register guests and a scanner checks badges in, each retrying what failed with
    the same key until it succeeds, while PostgreSQL is stopped ("fast", then "immediate") and
    started again. Returns the answers, the pages asked for during the first outage and, for each
    stop, when it began, when the server was down, when it was started again, when it was up and
    when the next stop began."""
    register = f"/api/editions/{edition.slug}/forms/guests/registrations"
    checkins = f"/api/editions/{edition.slug}/checkins"
    scanned_at = edition_day(edition, 0, 9).isoformat()
    payloads = [badges.badge_token(guest) for guest in guests]
    answers: list[Answer] = []
    stop, abandon = threading.Event(), threading.Event()

    def registrations(worker: int):
        for n in itertools.count():
            key = f"w{worker}-{n}"
            yield "register", key, register, {"email": f"{key}@example.cn", "name_zh": "压测"}, {"Idempotency-Key": key}

    def scans():
        for n in itertools.count():
            scan_id = str(uuid.uuid4())
            body = {
                "gate": "east",
                "payload": payloads[n % len(payloads)],
                "scan_id": scan_id,
                "scanned_at": scanned_at,
            }
            yield "scan", scan_id, checkins, body, {}

    def client(language: str, work) -> None:
        session = requests.Session()
        session.headers.update({"Authorization": f"Bearer {token}", "Accept-Language": language})
        for kind, key, path, body, headers in work:
            if stop.is_set():
                return
            while not abandon.is_set():
                sent = time.monotonic()
                response = session.post(base + path, json=body, headers=headers, timeout=30)
                try:
                    content = response.json()
                except ValueError:
                    content = {"not json": response.text[:300]}
                answers.append(Answer(kind, key, language, sent, time.monotonic(), response.status_code, content,
                                      response.headers.get("Retry-After")))  # fmt: skip
                if response.status_code != 503:
                    break
                time.sleep(0.2)  # Retry-After says 5 s; the test is in a hurry
            time.sleep(0.02)

    def wait_until(condition, what: str) -> None:
        deadline = time.monotonic() + 60
        while not condition():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            time.sleep(0.02)

    def count(since: float, status: int) -> int:
        return sum(1 for a in answers if a.sent >= since and a.status == status)

    threads = [
        threading.Thread(target=client, args=("en", registrations(0))),
        threading.Thread(target=client, args=("zh-hans", registrations(1))),
        threading.Thread(target=client, args=("en", registrations(2))),
        threading.Thread(target=client, args=("zh-hans", scans())),
    ]
    pages: dict[str, requests.Response] = {}
    windows: list[list[float]] = []
    for thread in threads:
        thread.start()
    try:
        for mode in ("fast", "immediate"):
            mark = time.monotonic()
            wait_until(lambda mark=mark: count(mark, 201) >= 6, "registrations before the stop")
            stopping = time.monotonic()
            if windows:
                windows[-1][4] = stopping
            cluster.stop(mode)
            down = time.monotonic()
            wait_until(lambda down=down: count(down, 503) >= 8, "answers while the database is down")
            if mode == "fast":
                for name, (path, language) in PAGES.items():
                    url = base + path.format(slug=edition.slug)
                    pages[name] = requests.get(url, headers={"Accept-Language": language}, timeout=30)
                pages["healthz"] = requests.get(base + "/healthz", timeout=30)
            restarting = time.monotonic()
            cluster.start()
            up = time.monotonic()
            windows.append([stopping, down, restarting, up, float("inf")])
            pages[f"healthz {mode}"] = requests.get(base + "/healthz", timeout=30)
            wait_until(lambda up=up: count(up, 201) >= 6, "registrations after the start")
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        abandon.set()
        for thread in threads:
            thread.join(timeout=30)
    return answers, pages, windows
