"""The public program page and exhibitor directory at trade-fair size: ``make bench-pages``.

Uses the database of ``DATABASE_URL`` (PostgreSQL: the numbers are meant to be read next
to ``make bench-load``). Reuses the trade-fair edition when it is there (``ecoforum demo
--scale tradefair``); otherwise builds a separate edition ``bench-pages`` of the same
size for these pages (3,000 sessions, 25,000 exhibitors; guests, which these pages do
not read, kept few), about a minute. Then renders each page ``-n`` times through
Django's test client, in one process, and prints per page the median milliseconds and
the number of SQL queries:

- **cold**: the program's session list rendered anew (the cache generation is moved on
  before each request, as an edit or a new release does);
- **cached**: the list read from the cache (what visitors get between two releases);
- the ratio of each to rendering ``/healthz`` in the same run (a trivial view through
  the same middleware): the same ratio ``make bench-load`` reports, without the network.

The exhibitor directory has no cache of its own: both columns are the same work.
The cache is the one configured (Redis with ``REDIS_URL``, else local memory).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

BENCH_SLUG = "bench-pages"
BENCH_YEAR = 2027


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "bench-pages needs PostgreSQL: "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/ecoforum_bench make bench-pages"
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecoforum.settings")
    for name in ("DEBUG", "ECOFORUM_TESTING"):
        os.environ.pop(name, None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0, interactive=False)
    # The test client renders the pages; static addresses without the collected manifest.
    override_settings(
        ALLOWED_HOSTS=["testserver"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()


def edition_slug(args) -> str:
    from ecoforum.demo.tradefair import build_tradefair
    from ecoforum.forums.models import Edition

    for slug in (args.edition, BENCH_SLUG):
        if Edition.objects.filter(slug=slug).exists():
            return slug
    print(f"Building edition {BENCH_SLUG}: {args.sessions:,} sessions, {args.exhibitors:,} exhibitors …", flush=True)
    started = time.perf_counter()
    build_tradefair(
        guests=100,
        exhibitors=args.exhibitors,
        projects=min(100, args.exhibitors),
        sessions=args.sessions,
        slug=BENCH_SLUG,
        year=BENCH_YEAR,
    )
    print(f"… built in {time.perf_counter() - started:.0f} s", flush=True)
    return BENCH_SLUG


def measure(client, path: str, times: int, *, before=None, **headers) -> tuple[float, float, int]:
    """Median milliseconds of ``times`` requests of ``path``, median milliseconds of ``/healthz`` asked
    right after each of them (the machine's load changes during a run: the ratio compares like with
    like), and the SQL queries of the last request of ``path``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    samples, ceiling = [], []
    queries = 0
    for _ in range(times):
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path, **headers)
            samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
        queries = len(captured.captured_queries)
        started = time.perf_counter()
        client.get("/healthz")
        ceiling.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), statistics.median(ceiling), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--times", type=int, default=15, help="requests per page and column (15)")
    parser.add_argument("--edition", default="tradefair", help="the edition to read when it exists (tradefair)")
    parser.add_argument("--sessions", type=int, default=3000, help="sessions when building (3,000)")
    parser.add_argument("--exhibitors", type=int, default=25000, help="exhibitors when building (25,000)")
    args = parser.parse_args()
    setup_django()

    from django.conf import settings
    from django.test import Client

    try:
        from ecoforum.program.page_cache import invalidate
    except ImportError:  # a tree from before the program's cache (to measure "before")
        from django.core.cache import cache

        invalidate = cache.clear

    slug = edition_slug(args)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    pages = [
        ("program, first day", f"/{slug}/program/", {}),
        ("program, all days, page 3", f"/{slug}/program/?day=all&page=3", {}),
        ("program, htmx filter (list only)", f"/{slug}/program/?day=all&kind=forum", {"HTTP_HX_REQUEST": "true"}),
        ("program, search", f"/{slug}/program/?day=all&q=%E7%BB%BF%E8%89%B2", {}),  # 绿色
        ("program, in English", f"/{slug}/program/", {"HTTP_ACCEPT_LANGUAGE": "en"}),
        ("exhibitors, first page", f"/{slug}/exhibitors/", {}),
        ("exhibitors, page 300", f"/{slug}/exhibitors/?page=300", {}),
        ("exhibitors, industry 1", f"/{slug}/exhibitors/?industry=1", {}),
        ("exhibitors, tag and country", f"/{slug}/exhibitors/?tag=leader&country=CN", {}),
        ("exhibitors, search", f"/{slug}/exhibitors/?q=solar", {}),
    ]
    for _name, path, headers in pages:  # warm: templates loaded, connections open
        client.get(path, **headers)
    healthz, _ceiling, _queries = measure(client, "/healthz", args.times * 4)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"\nedition {slug}, cache {backend}, {args.times} requests each; /healthz {healthz:.1f} ms")
    print("×healthz: the page's median over the median of /healthz asked right after each request\n")
    print(f"{'page':34} {'cold ms':>9} {'×healthz':>9} {'queries':>8} {'cached ms':>10} {'×healthz':>9} {'queries':>8}")
    for name, path, headers in pages:
        cold, cold_ceiling, cold_queries = measure(client, path, args.times, before=invalidate, **headers)
        client.get(path, **headers)
        cached, cached_ceiling, cached_queries = measure(client, path, args.times, **headers)
        print(
            f"{name:34} {cold:9.1f} {cold / cold_ceiling:9.1f} {cold_queries:8d} "
            f"{cached:10.1f} {cached / cached_ceiling:9.1f} {cached_queries:8d}",
            flush=True,
        )


if __name__ == "__main__":
    main()
