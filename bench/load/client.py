"""A small threaded HTTP client: runs requests from many users at once and measures each one.

No Django here: the client only speaks HTTP to gunicorn, like a browser or a scanner app would.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import requests

#: A request to make: (method, path, keyword arguments for ``requests``, check). ``check`` reads the
#: response and returns an error text, or "" when the answer is right.
Check = Callable[[requests.Response], str]


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    kwargs: dict = field(default_factory=dict)
    check: Check | None = None


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.count / self.wall if self.wall else 0.0

    def percentile(self, p: int) -> float:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1]


def expect_status(*codes: int) -> Check:
    def check(response: requests.Response) -> str:
        if response.status_code in codes:
            return ""
        return f"{response.request.method} {response.url}: {response.status_code} {response.text[:200]!r}"

    return check


def run(
    base: str, name: str, queues: Sequence[Sequence[Call]], *, headers: dict | None = None, cookies: Sequence[dict] = ()
) -> Result:
    """Each queue is one user (a thread with its own connection), started together; returns the measures."""
    result = Result(name)
    lock = threading.Lock()
    barrier = threading.Barrier(len(queues) + 1)

    def user(index: int, calls: Sequence[Call]) -> None:
        session = requests.Session()
        session.headers.update(headers or {})
        if cookies:
            for key, value in cookies[index].items():
                session.cookies.set(key, value, domain="", path="/")
        mine: list[float] = []
        wrong: list[str] = []
        barrier.wait()
        for call in calls:
            started = time.perf_counter()
            try:
                response = session.request(call.method, base + call.path, timeout=60, **call.kwargs)
            except requests.RequestException as error:
                wrong.append(f"{call.method} {call.path}: {error}")
                continue
            mine.append(time.perf_counter() - started)
            problem = (call.check or expect_status(200))(response)
            if problem:
                wrong.append(problem)
        with lock:
            result.latencies.extend(mine)
            result.errors.extend(wrong)

    threads = [threading.Thread(target=user, args=(i, q), daemon=True) for i, q in enumerate(queues)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - started
    return result


def spread(calls: Sequence[Call], users: int) -> list[list[Call]]:
    return [list(calls[i::users]) for i in range(users)]
