"""Load benchmark at trade-fair size: ``.venv/bin/python -m bench.load`` (``make bench-load``).

Starts gunicorn (``--workers``, 4 by default) on loopback against PostgreSQL (``DATABASE_URL``,
default ``postgres://postgres@127.0.0.1:5432/sc_bench``) and Redis (``REDIS_URL``, default
``redis://127.0.0.1:6379/3``: cache and sessions), loads the trade-fair data set when the
database has none (``--size full|medium|small``; ``ecoforum demo --scale tradefair`` builds the
same), then drives concurrent users with locust (``--users``, 16 by default), one endpoint after
the other, each in a headless locust run of its own (``bench/load/locustfile.py``, started by
``bench/load/drive.py``; locust never runs in this process, which runs Django):

- ``/healthz``, a trivial view through the same stack: the **ceiling** every other line is
  compared with (its throughput divided by theirs, their p50 divided by its p50);
- the public program page (the first day, every session of it), the exhibitor directory
  (random pages), search (the words the data is made of, in both languages);
- registration: ``POST /api/editions/…/forms/…/registrations`` with an ``Idempotency-Key``, more
  applicants than places, then every tenth request retried with its key (it must answer the same
  reference);
- check-in: ``POST /api/editions/…/checkins`` from 8 gates at once, each badge scanned one to
  three times, some scans sent twice with their scan id (a scanner's retry);
- meeting acceptance: owners accept their pending requests in the portal (session + CSRF).

It prints locust's throughput and p50 / p95 / p99 latency per endpoint and the ratios to the
ceiling, counts errors (every answer is checked; any wrong one is a failure, its text printed),
and checks afterwards that nothing is oversold: places of the category, one check-in per badge
and day, every request accepted once. Exit status 1 when any
error or broken rule. Each run makes fresh fixtures (a category, badges never scanned, new
investors), so runs can follow each other on the same database. Each scenario sends its planned
requests exactly once (the users share a queue, or one queue per owner), so the checks are exact.
Locust's logs (with its own summary tables) and the plans are left in ``var/bench-load/locust/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from bench.load import drive  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/sc_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/3"


def environment(args) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DB)
    env.setdefault("REDIS_URL", DEFAULT_REDIS)
    env.setdefault("ECOFORUM_VAR_DIR", str(ROOT / "var" / "bench-load"))
    env.setdefault("EMAIL_BACKEND", "django.core.mail.backends.dummy.EmailBackend")
    env.setdefault("ECOFORUM_SMS_BACKEND", "ecoforum.services.sms.LocmemBackend")
    env.setdefault("DJANGO_SETTINGS_MODULE", "ecoforum.settings")
    env.setdefault("LOG_LEVEL", "ERROR")
    for name in ("DEBUG", "ECOFORUM_TESTING", "ECOFORUM_PRODUCTION", "ECOFORUM_SECURE"):
        env.pop(name, None)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def setup_django(env: dict[str, str]) -> None:
    if not env["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench.load measures PostgreSQL under concurrent clients: DATABASE_URL must be postgres://")
    os.environ.update(env)
    Path(env["ECOFORUM_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if not static_files_current():
        call_command("collectstatic", verbosity=0, interactive=False)


def static_files_current() -> bool:
    """Whether the collected, compressed static files are newer than every source file (collecting takes minutes)."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            if Path(storage.path(path)).stat().st_mtime > collected:
                return False
    return True


def start_server(env: dict[str, str], *, port: int, workers: int) -> subprocess.Popen:
    log = (Path(env["ECOFORUM_VAR_DIR"]) / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "ecoforum.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--timeout=120",
            "--keep-alive=5",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped: see {log.name}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer within 60 s: see {log.name}")


def registration_items(fixtures, applicants: int) -> tuple[list[dict], list[dict]]:
    """Every applicant's registration (its own ``Idempotency-Key``), and every tenth one again: the retries."""
    path = f"/api/editions/{fixtures.edition}/forms/{fixtures.form}/registrations"
    items = []
    for n in range(applicants):
        key = f"{fixtures.run}-{n}"
        body = {
            "name_zh": f"压测{n}",
            "name_en": f"Bench {n}",
            "email": f"{fixtures.run}-{n}@bench.example",
            "country": "CN",
        }
        items.append(drive.item("POST", path, json=body, headers={"Idempotency-Key": key}, expect=201, key=key))
    return items, [{**one, "retry": True} for one in items[::10]]


def scan_items(fixtures, rng: random.Random) -> list[dict]:
    """Each badge scanned one to three times at random gates, some scans sent twice with their id (a retry)."""
    scans = []
    for _pk, payload in fixtures.badges:
        at = fixtures.scan_day + dt.timedelta(seconds=rng.randrange(0, 7200))
        body = {
            "gate": rng.choice(fixtures.gates),
            "payload": payload,
            "scan_id": str(uuid.uuid4()),
            "scanned_at": at.isoformat(),
        }
        scans.append(body)
        for _ in range(rng.choice([0, 0, 1, 2])):
            again = (
                dict(body)
                if rng.random() < 0.5
                else {**body, "scan_id": str(uuid.uuid4()), "gate": rng.choice(fixtures.gates)}
            )
            scans.append(again)
    rng.shuffle(scans)
    return [drive.item("POST", f"/api/editions/{fixtures.edition}/checkins", json=body) for body in scans]


def acceptance_queues(fixtures) -> list[list[dict]]:
    """One queue per project owner: their pending requests, accepted in the portal with their session."""
    csrf = secrets.token_hex(16)
    queues = []
    for session_key, request_ids in fixtures.owner_sessions:
        headers = {"Cookie": f"sessionid={session_key}; csrftoken={csrf}", "X-CSRFToken": csrf}
        queues.append(
            [
                drive.item("POST", f"/{fixtures.edition}/requests/{pk}/accept/", headers=headers, expect=302)
                for pk in request_ids
            ]
        )
    return queues


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["full", "medium", "small"], default="full", help="data set when none exists")
    parser.add_argument("--users", type=int, default=16, help="concurrent locust users")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the number of requests")
    args = parser.parse_args()
    env = environment(args)
    setup_django(env)
    from bench.load import prepare

    rng = random.Random(8)
    t0 = time.monotonic()
    slug, built = prepare.ensure_data(args.size, progress=lambda step, n, total: None)
    sizes = prepare.counts(slug)
    print(
        f"data set {slug}: {sizes['guests']:,} guests, {sizes['exhibitors']:,} exhibitors, {sizes['projects']:,} "
        f"projects, {sizes['sessions']:,} sessions" + (f" (built in {time.monotonic() - t0:.0f} s)" if built else "")
    )

    def n(count: int) -> int:
        return max(args.users, round(count * args.scale))

    applicants, capacity, badges = n(600), n(600) // 2, n(1600)
    fixtures = prepare.make_fixtures(slug, capacity=capacity, badges=badges, investors=10, owners=20, rng=rng)
    from django.db import connections

    connections.close_all()  # the workers get every connection the server allows
    workdir = Path(env["ECOFORUM_VAR_DIR"]) / "locust"
    workdir.mkdir(parents=True, exist_ok=True)
    server = start_server(env, port=args.port, workers=args.workers)
    base = f"http://127.0.0.1:{args.port}"
    token = {"Authorization": f"Bearer {fixtures.token}", "Accept-Language": "en"}
    users = args.users
    results: list[drive.Result] = []
    admitted: dict[str, list[str]] = {}

    def scenario(name: str, user_class: str, queues: list[list[dict]], **kwargs) -> drive.Result:
        result = drive.run(base, name, user_class, queues, users=kwargs.pop("users", users), workdir=workdir, **kwargs)
        results.append(result)
        return result

    try:
        # Warm every worker's caches (templates, translations) before measuring; not reported.
        drive.run(
            base,
            "warm",
            "Visitor",
            [[drive.item("GET", f"/{slug}/program/")] * users * 2],
            users=users,
            workdir=workdir,
        )
        scenario("/healthz (ceiling)", "Visitor", [[drive.item("GET", "/healthz")] * n(3000)])
        scenario("program page", "Visitor", [[drive.item("GET", f"/{slug}/program/")] * n(200)])
        pages = [
            drive.item("GET", f"/{slug}/exhibitors/", params={"page": rng.randint(1, fixtures.exhibitor_pages)})
            for _ in range(n(600))
        ]
        scenario("exhibitor directory", "Visitor", [pages])
        words = [
            drive.item("GET", f"/{slug}/search/", params={"q": rng.choice(fixtures.search_words)})
            for _ in range(n(600))
        ]
        scenario("search", "Visitor", [words])

        registrations, retries = registration_items(fixtures, applicants)
        first = scenario("registration (API)", "Registrant", [registrations], headers=token).output.get(
            "references", {}
        )
        scenario("registration retry", "Registrant", [retries], headers=token, first=first)

        checkins = scenario(
            "check-in (API scan)", "GateScanner", [scan_items(fixtures, rng)], headers=token, users=min(8, users)
        )
        admitted = checkins.output.get("admitted", {})

        scenario("meeting acceptance", "ProjectOwner", acceptance_queues(fixtures), headers={"Accept-Language": "en"})
    finally:
        server.terminate()
        server.wait(timeout=30)

    ceiling = results[0]
    print(
        f"\ngunicorn {args.workers} sync workers, {args.users} concurrent locust users, "
        f"PostgreSQL + Redis on loopback\n"
        f"{'endpoint':<24}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'× p50':>8}{'÷ req/s':>9}{'errors':>8}"
    )
    errors = 0
    for r in results:
        errors += r.error_count
        print(
            f"{r.name:<24}{r.count:>9}{r.throughput:>9.1f}{r.p50:>9.0f}{r.p95:>9.0f}{r.p99:>9.0f}"
            f"{r.p50 / ceiling.p50 if ceiling.p50 else 0:>8.1f}"
            f"{ceiling.throughput / r.throughput if r.throughput else 0:>9.1f}{r.error_count:>8}"
        )
    print(
        "(× p50: median latency over the ceiling's; ÷ req/s: the ceiling's throughput over the endpoint's;\n"
        f" locust's figures, latencies in whole milliseconds; its logs and summary tables are in {workdir})"
    )
    for r in results:
        for line in r.errors[:5]:
            print(f"  error {r.name}: {line}")
    doubled = sum(1 for ids in admitted.values() if len(set(ids)) > 1)
    problems = prepare.verify(
        fixtures,
        applicants=applicants,
        scanned=len(fixtures.badges),
        accepted=sum(len(pks) for _k, pks in fixtures.owner_sessions),
    )
    if doubled:
        problems.append(f"check-in: {doubled} badges admitted by two different scans")
    if len(admitted) != len(fixtures.badges):
        problems.append(f"check-in: {len(admitted)} badges admitted of {len(fixtures.badges)}")
    for line in problems:
        print(f"BROKEN: {line}")
    if not problems:
        print(
            f"nothing oversold: {min(capacity, applicants)} of {applicants} applicants took the {capacity} places, "
            f"the rest wait; {len(fixtures.badges)} badges checked in once each; "
            f"{sum(len(p) for _k, p in fixtures.owner_sessions)} requests accepted once each."
        )
    print(f"errors: {errors}")
    return 1 if errors or problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
