"""Load benchmark at trade-fair size: ``.venv/bin/python -m bench.load`` (``make bench-load``).

Starts gunicorn (``--workers``, 4 by default) on loopback against PostgreSQL (``DATABASE_URL``,
default ``postgres://postgres@127.0.0.1:5432/sc_bench``) and Redis (``REDIS_URL``, default
``redis://127.0.0.1:6379/3``: cache and sessions), loads the trade-fair data set when the
database has none (``--size full|medium|small``; ``ecoforum demo --scale tradefair`` builds the
same), then drives concurrent users (``--users``, 16 by default), one endpoint after the other:

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

It prints throughput and p50 / p95 / p99 latency per endpoint and the ratios to the ceiling,
counts errors (any is a failure), and checks afterwards that nothing is oversold: places of the
category, one check-in per badge and day, every request accepted once. Exit status 1 when any
error or broken rule. Each run makes fresh fixtures (a category, badges never scanned, new
investors), so runs can follow each other on the same database.
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

from bench.load import client  # noqa: E402
from bench.load.client import Call  # noqa: E402

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
    call_command("collectstatic", verbosity=0, interactive=False)


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


def registration_calls(fixtures, applicants: int):
    path = f"/api/editions/{fixtures.edition}/forms/{fixtures.form}/registrations"
    calls, keyed = [], []
    for n in range(applicants):
        key = f"{fixtures.run}-{n}"
        body = {
            "name_zh": f"压测{n}",
            "name_en": f"Bench {n}",
            "email": f"{fixtures.run}-{n}@bench.example",
            "country": "CN",
        }
        calls.append(Call("POST", path, {"json": body, "headers": {"Idempotency-Key": key}}, client.expect_status(201)))
        keyed.append((key, body))
    return path, calls, keyed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["full", "medium", "small"], default="full", help="data set when none exists")
    parser.add_argument("--users", type=int, default=16, help="concurrent users (threads)")
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
    server = start_server(env, port=args.port, workers=args.workers)
    base = f"http://127.0.0.1:{args.port}"
    token = {"Authorization": f"Bearer {fixtures.token}", "Accept-Language": "en"}
    results = []
    try:
        users = args.users
        # Warm every worker's caches (templates, translations) before measuring.
        client.run(base, "warm", client.spread([Call("GET", f"/{slug}/program/")] * users * 2, users))
        results.append(
            client.run(base, "/healthz (ceiling)", client.spread([Call("GET", "/healthz")] * n(3000), users))
        )
        results.append(
            client.run(base, "program page", client.spread([Call("GET", f"/{slug}/program/")] * n(200), users))
        )
        pages = [
            Call("GET", f"/{slug}/exhibitors/?page={rng.randint(1, fixtures.exhibitor_pages)}") for _ in range(n(600))
        ]
        results.append(client.run(base, "exhibitor directory", client.spread(pages, users)))
        words = [
            Call("GET", f"/{slug}/search/", {"params": {"q": rng.choice(fixtures.search_words)}}) for _ in range(n(600))
        ]
        results.append(client.run(base, "search", client.spread(words, users)))

        path, calls, keyed = registration_calls(fixtures, applicants)
        first: dict[str, str] = {}

        def remember(key: str):
            def check(response) -> str:
                if response.status_code != 201:
                    return f"registration {key}: {response.status_code} {response.text[:200]!r}"
                first[key] = response.json()["reference"]
                return ""

            return check

        calls = [Call(c.method, c.path, c.kwargs, remember(key)) for c, (key, _b) in zip(calls, keyed, strict=True)]
        results.append(client.run(base, "registration (API)", client.spread(calls, users), headers=token))

        def same(key: str):
            def check(response) -> str:
                if response.status_code != 201 or response.json().get("reference") != first.get(key):
                    return f"retry {key}: {response.status_code} {response.text[:200]!r}, first {first.get(key)}"
                return ""

            return check

        retries = [
            Call("POST", path, {"json": body, "headers": {"Idempotency-Key": key}}, same(key))
            for key, body in keyed[::10]
        ]
        results.append(client.run(base, "registration retry", client.spread(retries, users), headers=token))

        scans = []
        for _pk, payload in fixtures.badges:
            scan_id = str(uuid.uuid4())
            at = fixtures.scan_day + dt.timedelta(seconds=rng.randrange(0, 7200))
            body = {
                "gate": rng.choice(fixtures.gates),
                "payload": payload,
                "scan_id": scan_id,
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
        checkin_path = f"/api/editions/{slug}/checkins"
        admitted: dict[str, set[str]] = {}

        def scanned(body):
            def check(response) -> str:
                if response.status_code != 200:
                    return f"scan {body['scan_id']}: {response.status_code} {response.text[:200]!r}"
                answer = response.json()
                if answer["result"] not in ("admitted", "repeat"):
                    return f"scan {body['scan_id']}: {answer['result']} {answer['message']}"
                if answer["result"] == "admitted":
                    admitted.setdefault(body["payload"], set()).add(body["scan_id"])
                return ""

            return check

        gates = min(8, users)
        scan_calls = [Call("POST", checkin_path, {"json": b}, scanned(b)) for b in scans]
        results.append(client.run(base, "check-in (API scan)", client.spread(scan_calls, gates), headers=token))

        csrf = secrets.token_hex(16)
        cookie_sets, queues = [], []
        for session_key, request_ids in fixtures.owner_sessions:
            cookie_sets.append({"sessionid": session_key, "csrftoken": csrf})
            queues.append(
                [
                    Call(
                        "POST",
                        f"/{slug}/requests/{pk}/accept/",
                        {"headers": {"X-CSRFToken": csrf}, "allow_redirects": False},
                        client.expect_status(302),
                    )
                    for pk in request_ids
                ]
            )
        results.append(
            client.run(base, "meeting acceptance", queues, headers={"Accept-Language": "en"}, cookies=cookie_sets)
        )
    finally:
        server.terminate()
        server.wait(timeout=30)

    ceiling = results[0]
    print(
        f"\ngunicorn {args.workers} sync workers, {args.users} concurrent users, PostgreSQL + Redis on loopback\n"
        f"{'endpoint':<24}{'requests':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'× p50':>8}{'÷ req/s':>9}{'errors':>8}"
    )
    errors = 0
    for r in results:
        errors += len(r.errors)
        print(
            f"{r.name:<24}{r.count:>9}{r.throughput:>9.1f}{r.percentile(50) * 1000:>9.1f}"
            f"{r.percentile(95) * 1000:>9.1f}{r.percentile(99) * 1000:>9.1f}"
            f"{r.percentile(50) / ceiling.percentile(50):>8.1f}"
            f"{ceiling.throughput / r.throughput if r.throughput else 0:>9.1f}{len(r.errors):>8}"
        )
    print("(× p50: median latency over the ceiling's; ÷ req/s: the ceiling's throughput over the endpoint's)")
    for r in results:
        for line in r.errors[:5]:
            print(f"  error {r.name}: {line}")
    doubled = sum(1 for ids in admitted.values() if len(ids) > 1)
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
