"""The users of the load benchmark, driven by locust (``python -m bench.load`` starts it, one scenario a run).

No Django here, and nothing of the project is imported: locust patches the standard library with
gevent, so it runs in its own process and speaks only HTTP to gunicorn, like a browser, a partner
system or a gate scanner would. What to send comes from the run's plan, a JSON file named by
``BENCH_LOAD_PLAN`` that the benchmark writes before each scenario:

``{"name": "...", "headers": {...}, "queues": [[item, ...], ...], "first": {...}, "output": "path"}``

An item is one request: ``{"method", "path", "json"?, "headers"?, "expect": status, ...}``. With one
queue every user takes the next item from it; with several, each user works through a queue of its
own (a project owner and their requests). Every item is sent exactly once; when the last answer is
in, the runner quits, so the work done (registrations, scans, acceptances) is exactly the plan and
the checks made afterwards in Django hold exactly.

At the end the file named by ``output`` receives locust's own figures for the scenario (requests,
failures, requests per second, p50 / p95 / p99 in ms) with the first error texts, and what the
checks learnt: the reference each registration got, the scans that admitted each badge.
"""

from __future__ import annotations

import json
import os
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, events, task
from locust.exception import CatchResponseError

MAX_ERROR_TEXTS = 20


@dataclass
class Plan:
    name: str = ""
    headers: dict = field(default_factory=dict)
    queues: list[deque] = field(default_factory=list)
    first: dict = field(default_factory=dict)  # Idempotency-Key → reference the first answer gave
    output: str = ""
    planned: int = 0
    done: int = 0
    claimed: int = 0
    errors: list[str] = field(default_factory=list)
    exceptions: int = 0
    references: dict = field(default_factory=dict)
    admitted: dict = field(default_factory=dict)  # badge payload → scan ids that admitted it


PLAN = Plan()


def load_plan(path: str) -> Plan:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    queues = [deque(items) for items in raw["queues"]]
    return Plan(
        name=raw["name"],
        headers=raw.get("headers", {}),
        queues=queues,
        first=raw.get("first", {}),
        output=raw["output"],
        planned=sum(len(q) for q in queues),
    )


@events.test_start.add_listener
def on_test_start(environment, **_kwargs):
    global PLAN
    PLAN = load_plan(os.environ["BENCH_LOAD_PLAN"])
    if PLAN.planned == 0:
        gevent.spawn(environment.runner.quit)


@events.request.add_listener
def on_request(request_type, name, exception, url=None, **_kwargs):
    if exception is not None and len(PLAN.errors) < MAX_ERROR_TEXTS:
        # A wrong answer carries the check's own text; a broken connection only locust's.
        PLAN.errors.append(
            str(exception)
            if isinstance(exception, CatchResponseError)
            else f"{request_type} {url or name}: {exception}"
        )


@events.user_error.add_listener
def on_user_error(user_instance, exception, tb, **_kwargs):
    PLAN.exceptions += 1
    if len(PLAN.errors) < MAX_ERROR_TEXTS:
        PLAN.errors.append(f"{type(user_instance).__name__}: {type(exception).__name__}: {exception}")


@events.quitting.add_listener
def on_quitting(environment, **_kwargs):
    """Locust's own statistics for the whole scenario, with what the checks learnt."""
    if not PLAN.output:
        return
    total = environment.stats.total
    figures = {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": total.total_rps,
        "avg_ms": total.avg_response_time,
        "p50_ms": total.get_response_time_percentile(0.50) if total.num_requests else 0,
        "p95_ms": total.get_response_time_percentile(0.95) if total.num_requests else 0,
        "p99_ms": total.get_response_time_percentile(0.99) if total.num_requests else 0,
        "seconds": (total.last_request_timestamp or total.start_time) - total.start_time,
        "planned": PLAN.planned,
        "done": PLAN.done,
        "exceptions": PLAN.exceptions,
        "errors": PLAN.errors,
        "references": PLAN.references,
        "admitted": PLAN.admitted,
    }
    Path(PLAN.output).write_text(json.dumps(figures), encoding="utf-8")


def excerpt(response) -> str:
    if not response.status_code and getattr(response, "error", None):  # no answer at all
        return f"no answer: {response.error!r}"
    try:
        text = response.text or ""
    except Exception as error:  # an undecodable body is still worth reporting
        text = f"<{error}>"
    return f"{response.status_code} {text[:200]!r}"


class PlannedUser(FastHttpUser):
    """Takes the plan's items one after the other, without pause, until there are none left."""

    abstract = True
    wait_time = constant(0)

    def on_start(self):
        if len(PLAN.queues) == 1:
            self.queue = PLAN.queues[0]
        else:
            index = PLAN.claimed
            PLAN.claimed += 1
            self.queue = PLAN.queues[index] if index < len(PLAN.queues) else deque()

    @task
    def next_item(self):
        if not self.queue:
            # Nothing left for this user: wait for the others, the runner quits after the last answer.
            gevent.sleep(3600)
            return
        item = self.queue.popleft()
        try:
            headers = {**PLAN.headers, **item.get("headers", {})}
            with self.client.request(
                item["method"],
                item["path"],
                name=PLAN.name,
                json=item.get("json"),
                headers=headers,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                try:
                    problem = self.check(item, response)
                except Exception as error:  # an answer the check cannot read (not JSON …) is an error too
                    problem = f"{item['method']} {item['path']}: {type(error).__name__} {error}: {excerpt(response)}"
                if problem:
                    response.failure(problem)
                else:
                    response.success()
        finally:
            PLAN.done += 1
            if PLAN.done >= PLAN.planned:
                gevent.spawn(self.environment.runner.quit)

    def check(self, item: dict, response) -> str:
        """An error text, or "" when the answer is right."""
        if response.status_code != item.get("expect", 200):
            return f"{item['method']} {item['path']}: {excerpt(response)}"
        return ""


class Visitor(PlannedUser):
    """Someone reading the public pages: the program, the exhibitor directory, search (and ``/healthz``)."""


class Registrant(PlannedUser):
    """A partner system posting registrations with an ``Idempotency-Key``; a retry must get the same reference."""

    def check(self, item: dict, response) -> str:
        key = item["key"]
        if response.status_code != 201:
            return f"registration {key}: {excerpt(response)}"
        reference = response.json().get("reference")
        if not reference:
            return f"registration {key}: no reference in {excerpt(response)}"
        if item.get("retry"):
            if reference != PLAN.first.get(key):
                return f"retry {key}: reference {reference}, first {PLAN.first.get(key)}"
        else:
            PLAN.references[key] = reference
        return ""


class GateScanner(PlannedUser):
    """A gate's scanner: every badge scan is admitted or a repeat, never refused or lost."""

    def check(self, item: dict, response) -> str:
        body = item["json"]
        if response.status_code != 200:
            return f"scan {body['scan_id']}: {excerpt(response)}"
        answer = response.json()
        if answer.get("result") not in ("admitted", "repeat"):
            return f"scan {body['scan_id']}: {answer.get('result')} {answer.get('message')}"
        if answer["result"] == "admitted":
            PLAN.admitted.setdefault(body["payload"], []).append(body["scan_id"])
        return ""


class ProjectOwner(PlannedUser):
    """A project owner signed in to the portal, accepting their pending meeting requests (session + CSRF)."""
