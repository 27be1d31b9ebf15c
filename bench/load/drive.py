"""Runs one scenario of the load benchmark with locust, in a process of its own, and reads its figures.

The benchmark's process runs Django; locust patches the standard library with gevent, so it never
runs there: each scenario is ``python -m locust -f bench/load/locustfile.py --headless …`` with the
user class of the scenario, as many users as asked, all started at once, against the gunicorn URL.
The requests to send are written to a plan (JSON) first; locust writes its figures back when it
quits (``<scenario>.result.json``), taken from its own statistics at that moment. (Its ``--csv``
files are not used: locust rewrites them once a second and not at exit, so they miss the last
second of a run as short as these.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
#: A scenario that has not finished by then is stopped (and reported: its requests were not all sent).
RUN_TIME_LIMIT = "20m"


@dataclass
class Result:
    """Locust's figures for one scenario, and every error it saw."""

    name: str
    count: int = 0
    throughput: float = 0.0  # requests per second, first request to last answer
    p50: float = 0.0  # milliseconds
    p95: float = 0.0
    p99: float = 0.0
    error_count: int = 0
    errors: list[str] = field(default_factory=list)  # the first texts
    output: dict = field(default_factory=dict)  # what the checks learnt (references, admitted scans)


def item(method: str, path: str, *, params: dict | None = None, expect: int = 200, **extra) -> dict:
    """One request of a plan: ``extra`` goes with it (``json``, ``headers``, what a check needs)."""
    if params:
        path = f"{path}?{urlencode(params)}"
    return {"method": method, "path": path, "expect": expect, **extra}


def run(
    base: str,
    name: str,
    user_class: str,
    queues: list[list[dict]],
    *,
    users: int,
    workdir: Path,
    headers: dict | None = None,
    first: dict | None = None,
    run_time: str = RUN_TIME_LIMIT,
) -> Result:
    """Sends every item of ``queues`` once with ``users`` locust users of ``user_class``; locust's figures.

    One queue: the users share it. Several: one user per queue (``users`` is then their number).
    """
    slug = "".join(c if c.isalnum() else "-" for c in name).strip("-")
    plan_path = workdir / f"{slug}.plan.json"
    output = workdir / f"{slug}.result.json"
    log = workdir / f"{slug}.locust.log"
    output.unlink(missing_ok=True)
    if len(queues) > 1:
        users = len(queues)
    plan = {"name": name, "headers": headers or {}, "queues": queues, "first": first or {}, "output": str(output)}
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),  # all of them at once
        "--host",
        base,
        "--run-time",
        run_time,
        "--only-summary",
        "--loglevel",
        "WARNING",
        user_class,
    ]
    env = {**os.environ, "BENCH_LOAD_PLAN": str(plan_path)}
    with log.open("w", encoding="utf-8") as stream:
        status = subprocess.run(command, env=env, stdout=stream, stderr=subprocess.STDOUT, check=False).returncode
    result = Result(name)
    if not output.exists():
        result.error_count = 1
        result.errors = [f"locust stopped with status {status} before reporting: see {log}"]
        return result
    figures = json.loads(output.read_text(encoding="utf-8"))
    result.count = figures["requests"]
    result.throughput = figures["rps"]
    result.p50, result.p95, result.p99 = figures["p50_ms"], figures["p95_ms"], figures["p99_ms"]
    result.errors = list(figures["errors"])
    result.error_count = figures["failures"] + figures["exceptions"]
    missing = figures["planned"] - figures["done"]
    if missing:
        result.error_count += missing
        result.errors.append(f"{missing} of {figures['planned']} requests not sent (time limit {run_time}?)")
    if status not in (0, 1):  # 1: locust saw failures, counted above
        result.error_count += 1
        result.errors.append(f"locust stopped with status {status}: see {log}")
    result.output = figures
    return result
