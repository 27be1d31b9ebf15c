"""Faults on PostgreSQL: a process killed inside a write, Redis gone, database connections cut.

What is real and what is simulated:

- **killed worker** (real): a separate Python process sends the API request through the whole
  Django stack (middleware, idempotency record, service, audit) and is SIGKILLed by the test
  while its transaction is open, right after the registration or check-in row is written (a
  database execute-wrapper in that process announces the moment and waits). PostgreSQL sees
  the connection drop and rolls the transaction back, as it does when a gunicorn worker dies.
- **Redis stopped** (real): a private ``redis-server`` on its own port serves a gunicorn
  started for the test; the test kills it and starts it again.
- **PostgreSQL stopped and started** (real, in ``test_pg_restart.py``): a private PostgreSQL
  cluster made for the test (``pgcluster.py``) serves gunicorn and is stopped (``pg_ctl stop -m
  fast``, then ``-m immediate``) and started again under load: clean 503s while it is down, every
  request succeeds again once it is up without restarting gunicorn, every retry with its key
  succeeds once, nothing lost or doubled.
- **database connections cut** (simulated, the fallback): where no private cluster can be made
  (no PostgreSQL server programs, no ``postgres`` user), the test cuts every connection of the app
  on the shared server (``pg_terminate_backend``) in the middle of a load, which is what the app
  sees of a restart; ``conn_health_checks`` must replace them. Where the real test runs, this one
  is skipped: the real stop terminates the same connections and does more.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client

from ecoforum.api.models import ApiToken, IdempotentRequest
from ecoforum.core.models import AuditEntry
from ecoforum.forums.enums import CommitteeRole
from ecoforum.services import badges
from ecoforum.services.enums import RegistrationStatus
from ecoforum.services.models import CheckIn, Registration, Scan

from ..factories import PersonFactory
from ..services.factories import (
    GateFactory,
    GuestCategoryFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    committee_user,
    edition_day,
)
from .pgcluster import cannot_run

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

#: Runs one API request through Django in its own process and stops for good right after the
#: statement that starts with argv[1] (inside the request's transaction), saying so on stdout.
PAUSING_CLIENT = """
import json, os, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client

marker, method, path, body, headers = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])

def pause(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if sql.startswith(marker):
        print("inside the transaction", flush=True)
        time.sleep(600)
    return result

with connection.execute_wrapper(pause):
    response = getattr(Client(), method)(path, body, content_type="application/json", **headers)
print("finished", response.status_code, flush=True)
"""


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def app_environment(**extra: str) -> dict[str, str]:
    """The environment of a process serving the test database with the test's keys."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "ecoforum.settings",
            "ECOFORUM_TESTING": "1",
            "DATABASE_URL": database_url(),
            "ECOFORUM_VAR_DIR": str(settings.VAR_DIR),
            "SECRET_KEY": settings.SECRET_KEY,
            "PYTHONPATH": str(ROOT / "src"),
            "LOG_LEVEL": "CRITICAL",
        }
    )
    env.pop("REDIS_URL", None)
    env.update(extra)
    return env


def kill_inside(marker: str, path: str, body: dict, headers: dict) -> None:
    """Start the pausing client, wait until it is inside its transaction, SIGKILL it."""
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSING_CLIENT, marker, "post", path, json.dumps(body), json.dumps(headers)],
        env=app_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with process:
        try:
            line = process.stdout.readline()
            if line != "inside the transaction\n":
                raise AssertionError(line + process.stderr.read())
            process.send_signal(signal.SIGKILL)
            assert process.wait(timeout=30) == -signal.SIGKILL
        finally:
            if process.poll() is None:
                process.kill()
            process.communicate()
    # The server notices the dropped connection and rolls back: wait until its backend is gone.
    with connection.cursor() as cursor:
        for _ in range(200):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                "AND state LIKE 'idle in transaction%%'"
            )
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.05)
    raise AssertionError("the killed process's transaction is still open")


@pytest.fixture
def gate_token(edition):
    _row, token = ApiToken.issue(committee_user(edition, CommitteeRole.GATE_STAFF), name="Scanner app")
    return token


def test_registration_killed_inside_its_transaction_leaves_nothing_and_the_retry_succeeds_once(edition, gate_token):
    category = GuestCategoryFactory(edition=edition, code="guests", needs_approval=False, capacity=10)
    RegistrationFormFactory(edition=edition, category=category, slug="guests", asks_identity=False)
    path = f"/api/editions/{edition.slug}/forms/guests/registrations"
    body = {"name_zh": "王小明", "name_en": "Wang Xiaoming", "email": "wang@example.cn"}
    headers = {"HTTP_AUTHORIZATION": f"Bearer {gate_token}", "HTTP_IDEMPOTENCY_KEY": "retry-me-1"}

    kill_inside('INSERT INTO "services_registration"', path, body, headers)

    assert Registration.objects.filter(edition=edition).count() == 0
    assert IdempotentRequest.objects.count() == 0
    assert AuditEntry.objects.filter(action__startswith="services.registration").count() == 0
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    first = client.post(path, body, content_type="application/json", **headers)
    again = client.post(path, body, content_type="application/json", **headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["reference"] == first.json()["reference"]
    rows = list(Registration.objects.filter(edition=edition))
    assert [(r.email, r.status) for r in rows] == [("wang@example.cn", RegistrationStatus.APPROVED)]


def test_check_in_killed_inside_its_transaction_leaves_nothing_and_the_retry_admits_once(edition, gate_token):
    GateFactory(edition=edition, code="east", name_zh_hans="东门", name_en="East gate")
    guest = RegistrationFactory(edition=edition, person=PersonFactory(name_zh_hans="李雪梅", name_en="Li Xuemei"))
    path = f"/api/editions/{edition.slug}/checkins"
    scan_id = str(uuid.uuid4())
    body = {
        "gate": "east",
        "payload": badges.badge_token(guest),
        "scan_id": scan_id,
        "scanned_at": edition_day(edition, 0, 9).isoformat(),
    }
    headers = {"HTTP_AUTHORIZATION": f"Bearer {gate_token}"}

    kill_inside('INSERT INTO "services_checkin"', path, body, headers)

    assert CheckIn.objects.filter(registration=guest).count() == 0
    assert Scan.objects.filter(edition=edition).count() == 0
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    first = client.post(path, body, content_type="application/json", **headers)
    again = client.post(path, body, content_type="application/json", **headers)
    assert (first.json()["result"], again.json()["result"]) == ("admitted", "admitted")  # the retry replays
    assert CheckIn.objects.filter(registration=guest).count() == 1
    assert Scan.objects.filter(edition=edition).count() == 1


# --- a served site: gunicorn on loopback --------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, *, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer")


#: gunicorn's settings for the tests: a worker told to quit at the end of a test leaves at once instead of
#: spending seconds tidying up its interpreter, and no control socket is shared between test servers.
GUNICORN_CONFIG = """
import os

control_socket_disable = True


def worker_int(worker):
    os._exit(0)
"""


@contextmanager
def gunicorn(workers: int = 1, *, log: Path | None = None, preload: bool = False, **env: str):
    """gunicorn serving the app on a free port; with ``log``, its log (level WARNING) goes to that file;
    ``preload``: the app is loaded once, before the workers are forked (they start together, sooner)."""
    port = free_port()
    if log is not None:
        env = {"LOG_LEVEL": "WARNING", **env}
    output = log.open("ab") if log is not None else subprocess.DEVNULL
    config = tempfile.NamedTemporaryFile("w", prefix="gunicorn-", suffix=".conf.py", delete=False)  # noqa: SIM115
    with config:
        config.write(GUNICORN_CONFIG)
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            f"--config={config.name}",
            "ecoforum.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            *(["--preload"] if preload else []),
        ],
        env=app_environment(DB_CONN_MAX_AGE="60", **env),
        stdout=output,
        stderr=output,
        cwd=ROOT,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGQUIT)  # quick shutdown: the test is over, nothing is left to finish
        process.wait(timeout=30)
        Path(config.name).unlink()
        if log is not None:
            output.close()


@contextmanager
def redis_server(port: int):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield process
    finally:
        process.kill()
        process.wait()


def signed_in(user) -> str:
    """A session for ``user`` in the database (the served site reads it through cached_db)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def test_redis_stopped_pages_and_sessions_still_served_and_writes_kept(edition, gate_token):
    category = GuestCategoryFactory(edition=edition, code="guests", needs_approval=False, capacity=10)
    RegistrationFormFactory(edition=edition, category=category, slug="guests", asks_identity=False)
    desk = committee_user(edition, CommitteeRole.GUEST_SERVICES)
    cookies = {settings.SESSION_COOKIE_NAME: signed_in(desk)}
    port = free_port()
    register = f"/api/editions/{edition.slug}/forms/guests/registrations"
    token = {"Authorization": f"Bearer {gate_token}"}
    back_office = f"/manage/{edition.slug}/services/"
    with redis_server(port) as redis, gunicorn(REDIS_URL=f"redis://127.0.0.1:{port}/0") as base:
        before = requests.get(base + back_office, cookies=cookies, allow_redirects=False, timeout=30)
        redis.kill()
        redis.wait()

        public = requests.get(f"{base}/{edition.slug}/program/", timeout=30)
        during = requests.get(base + back_office, cookies=cookies, allow_redirects=False, timeout=30)
        written = requests.post(
            base + register, json={"email": "down@example.cn", "name_zh": "赵建华"}, headers=token, timeout=30
        )
        with redis_server(port):
            after = requests.get(base + back_office, cookies=cookies, allow_redirects=False, timeout=30)

    assert [before.status_code, public.status_code, during.status_code, after.status_code] == [200, 200, 200, 200]
    assert written.status_code == 201
    assert list(Registration.objects.filter(edition=edition).values_list("email", flat=True)) == ["down@example.cn"]


@pytest.mark.skipif(
    cannot_run() is None, reason="PostgreSQL is really stopped and started under load here: test_pg_restart.py"
)
def test_database_connections_cut_mid_load_recover_and_lose_nothing(edition, gate_token):
    category = GuestCategoryFactory(edition=edition, code="guests", needs_approval=False, capacity=None)
    RegistrationFormFactory(edition=edition, category=category, slug="guests", asks_identity=False)
    register = f"/api/editions/{edition.slug}/forms/guests/registrations"
    token = {"Authorization": f"Bearer {gate_token}"}
    answers: list[tuple[int, str, int]] = []  # (phase, key, status)
    phase = [0]
    stop = threading.Event()

    def load(base: str, worker: int) -> None:
        session = requests.Session()
        n = 0
        while not stop.is_set():
            key = f"w{worker}-{n}"
            body = {"email": f"{key}@example.cn", "name_zh": "压测"}
            try:
                status = session.post(
                    base + register, json=body, headers={**token, "Idempotency-Key": key}, timeout=30
                ).status_code
            except requests.RequestException:
                status = 0
            answers.append((phase[0], key, status))
            n += 1

    # Not in test mode, so the workers keep their connections (DB_CONN_MAX_AGE) and must notice the cut ones.
    with gunicorn(workers=2, ECOFORUM_TESTING="0") as base:
        threads = [threading.Thread(target=load, args=(base, w)) for w in range(3)]
        for thread in threads:
            thread.start()
        while len(answers) < 9:
            time.sleep(0.02)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            cut = cursor.rowcount
        phase[0] = 1
        settled = len(answers)
        while len(answers) < settled + 12:
            time.sleep(0.02)
        phase[0] = 2
        mark = len(answers)
        while len(answers) < mark + 9:
            time.sleep(0.02)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        # Whatever failed while the connections were cut is retried with its key.
        retried = [
            requests.post(
                base + register,
                json={"email": f"{key}@example.cn", "name_zh": "压测"},
                headers={**token, "Idempotency-Key": key},
                timeout=30,
            ).status_code
            for _phase, key, status in answers
            if status != 201
        ]

    assert cut >= 1
    assert [status for phase_, _key, status in answers if phase_ == 2] == [201] * (len(answers) - mark)
    assert set(retried) <= {201}
    keys = {key for _phase, key, _status in answers}
    emails = set(Registration.objects.filter(edition=edition).values_list("email", flat=True))
    assert emails == {f"{key}@example.cn" for key in keys}
    assert Registration.objects.filter(edition=edition).count() == len(keys)
