"""The load benchmark's locust users against a small stand-in server (no Django, no gunicorn): every
planned request is sent exactly once, the answers are checked, and locust's figures come back.

Each test starts locust once in its own process (about 2 s each).
"""

from __future__ import annotations

import importlib.util
import json
import threading
from collections import Counter
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from bench.load import drive

#: Each run takes a second or two; a run that never finished would be stopped then.
LIMIT = "30s"

pytestmark = pytest.mark.skipif(importlib.util.find_spec("locust") is None, reason="locust is not installed")


class StandIn(BaseHTTPRequestHandler):
    """Answers like the forum would: registrations get a reference, owners need their session and CSRF token."""

    seen: Counter
    lock = threading.Lock()

    def log_message(self, *args):  # quiet
        pass

    def answer(self, status: int, body: dict | None = None) -> None:
        data = json.dumps(body or {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with self.lock:
            self.seen[("GET", self.path)] += 1
        self.answer(500 if self.path == "/broken" else 200, {"ok": True})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        with self.lock:
            self.seen[("POST", self.path, self.headers.get("Idempotency-Key"))] += 1
        if self.path == "/register":
            if self.headers.get("Authorization") != "Bearer t0ken":
                return self.answer(401)
            return self.answer(201, {"reference": f"REF-{self.headers['Idempotency-Key']}", "email": body["email"]})
        if self.path.startswith("/accept/"):
            cookies = SimpleCookie(self.headers.get("Cookie", ""))
            session = cookies.get("sessionid")
            csrf = cookies.get("csrftoken")
            owner = self.path.split("/")[2]
            if session is None or session.value != f"s-{owner}" or csrf is None:
                return self.answer(403)
            if self.headers.get("X-CSRFToken") != csrf.value:
                return self.answer(403)
            self.send_response(302)
            self.send_header("Location", "/portal/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return self.answer(404)


@pytest.fixture
def stand_in():
    seen: Counter = Counter()
    handler = type("Handler", (StandIn,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_registrations_sent_once_each_and_wrong_answers_counted(stand_in, tmp_path):
    base, seen = stand_in
    items = [
        drive.item(
            "POST",
            "/register",
            json={"email": f"{n}@x.example"},
            headers={"Idempotency-Key": f"k{n}"},
            expect=201,
            key=f"k{n}",
        )
        for n in range(40)
    ]
    # Retries of the first five: four answered with the reference the first request got, one not.
    first = {f"k{n}": f"REF-k{n}" for n in range(5)}
    first["k3"] = "REF-someone-else"
    retries = [{**one, "retry": True} for one in items[:5]]
    result = drive.run(
        base,
        "registration",
        "Registrant",
        [items + retries],
        users=6,
        workdir=tmp_path,
        run_time=LIMIT,
        headers={"Authorization": "Bearer t0ken"},
        first=first,
    )
    assert result.count == 45
    assert result.error_count == 1
    assert any("retry k3" in text and "REF-someone-else" in text for text in result.errors)
    assert result.output["references"] == {f"k{n}": f"REF-k{n}" for n in range(40)}
    assert [seen[("POST", "/register", f"k{n}")] for n in range(40)] == [2] * 5 + [1] * 35
    assert result.throughput > 0
    assert result.output["avg_ms"] > 0
    assert result.p50 <= result.p95 <= result.p99  # whole milliseconds: a fast answer rounds to 0


def test_owners_use_their_own_session_and_failures_are_reported(stand_in, tmp_path):
    base, seen = stand_in
    queues = []
    for owner in range(3):
        headers = {"Cookie": f"sessionid=s-{owner}; csrftoken=c{owner}", "X-CSRFToken": f"c{owner}"}
        queues.append([drive.item("POST", f"/accept/{owner}/{pk}", headers=headers, expect=302) for pk in range(4)])
    # The third owner's CSRF header is wrong on their last request: refused, and counted.
    queues[2][-1] = {**queues[2][-1], "headers": {**queues[2][-1]["headers"], "X-CSRFToken": "forged"}}
    result = drive.run(base, "acceptance", "ProjectOwner", queues, users=1, workdir=tmp_path, run_time=LIMIT)
    assert result.count == 12
    assert result.error_count == 1
    assert any("/accept/2/3" in text and "403" in text for text in result.errors)
    assert sum(seen.values()) == 12

    pages = drive.run(
        base,
        "pages",
        "Visitor",
        [[drive.item("GET", "/page", params={"q": "生态"}), drive.item("GET", "/broken")]],
        users=2,
        workdir=tmp_path,
        run_time=LIMIT,
    )
    assert pages.count == 2
    assert pages.error_count == 1
    assert seen[("GET", "/page?q=%E7%94%9F%E6%80%81")] == 1
