"""ecoforum benchmarks: `make bench`.

Each figure is printed next to a baseline measured in the same run on the same
stack (the ``/healthz`` view: one request through every middleware and one
database round trip), so a noisy machine changes both and the ratio holds.

Measured:
- the public pages and exports of a program at the 2023 forum's size and at
  ten times that size: median time per request, its ratio to the baseline,
  and the number of SQL queries (which must not grow with the data).

Runs on a throw-away SQLite database unless DATABASE_URL is set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("ECOFORUM_VAR_DIR", str(tmp))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecoforum.settings")
    os.environ.setdefault("ECOFORUM_TESTING", "1")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build_program(slug: str, year: int, *, forums: int, sessions_per_forum: int, rooms: int) -> None:
    """A released program: ceremonies plus theme forums' sessions spread over rooms and two days."""
    from ecoforum.forums.models import Edition, Forum
    from ecoforum.people.models import Organization, Person
    from ecoforum.program import services
    from ecoforum.program.models import Room, Section, ThemeForum, Venue

    forum, _ = Forum.objects.get_or_create(slug="bench", defaults={"name_zh_hans": "基准论坛", "name_en": "Bench"})
    edition = Edition.objects.create(
        forum=forum,
        slug=slug,
        year=year,
        name_zh_hans=f"{year}年论坛",
        name_en=f"Forum {year}",
        city_zh_hans="贵阳",
        city_en="Guiyang",
        start_date=dt.date(year, 7, 8),
        end_date=dt.date(year, 7, 9),
        is_public=True,
    )
    venue = Venue.objects.create(edition=edition, name_zh_hans="会议中心", name_en="Centre")
    hall = [
        Room.objects.create(venue=venue, name_zh_hans=f"会场{i}", name_en=f"Hall {i}", capacity=300, order=i)
        for i in range(rooms)
    ]
    org = Organization.objects.create(name_zh_hans="协办单位", name_en="Co-organizer")
    sections = [
        Section.objects.create(edition=edition, slug=f"s{i}", name_zh_hans=f"板块{i}", name_en=f"Section {i}", order=i)
        for i in range(4)
    ]
    tz = edition.tz
    slot_index = 0
    for f in range(forums):
        tf = ThemeForum.objects.create(
            edition=edition,
            section=sections[f % 4],
            slug=f"tf{f}",
            title_zh_hans=f"主题论坛{f}",
            title_en=f"Theme forum {f}",
            order=f,
        )
        tf.co_organizers.add(org)
        for s in range(sessions_per_forum):
            room = hall[slot_index % rooms]
            block = slot_index // rooms
            day, hour = divmod(block, 10)
            start = dt.datetime(year, 7, 8 + day % 2, 8 + hour, 0, tzinfo=tz)
            speakers = [
                Person.objects.create(
                    slug=f"{slug}-p{f}-{s}-{k}",
                    name_zh_hans=f"专家{f}-{s}-{k}",
                    name_en=f"Expert {f}-{s}-{k}",
                    organization=org,
                    is_demo=True,
                )
                for k in range(3)
            ]
            services.create_session(
                edition,
                actor=None,
                code=f"TF{f:02d}-{s}",
                theme_forum=tf,
                title_zh_hans=f"分论坛会议{f}-{s}",
                title_en=f"Session {f}-{s}",
                room=room,
                start=start,
                end=start + dt.timedelta(minutes=50),
                people=[services.Role(p, "speaker") for p in speakers],
            )
            slot_index += 1
    services.release_program(edition, actor=None, version="1.0")


def measure(client, url: str, repeat: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx.captured_queries)  # read now: later requests reset the connection's log
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ecoforum-bench-") as tmp:
        setup_django(Path(tmp))
        from django.test import Client

        t0 = time.perf_counter()
        build_program("small", 2023, forums=17, sessions_per_forum=3, rooms=9)
        build_program("large", 2033, forums=170, sessions_per_forum=3, rooms=30)
        print(f"built two programs (51 and 510 sessions) in {time.perf_counter() - t0:.1f} s")
        client = Client()
        baseline, base_queries = measure(client, "/healthz", args.repeat * 3)
        print(f"baseline /healthz: {baseline * 1000:.2f} ms, {base_queries} queries")
        print(f"{'page':<28}{'sessions':>9}{'ms':>10}{'× baseline':>12}{'queries':>9}")
        pages = [
            "/{e}/",
            "/{e}/program/",
            "/{e}/speakers/",
            "/{e}/schedule.json",
            "/{e}/schedule.xml",
            "/{e}/schedule.ics",
        ]
        for page in pages:
            counts = []
            for slug, n in (("small", 51), ("large", 510)):
                url = page.format(e=slug)
                median, queries = measure(client, url, args.repeat)
                counts.append(queries)
                print(f"{page:<28}{n:>9}{median * 1000:>10.1f}{median / baseline:>12.1f}{queries:>9}")
            verdict = "constant" if counts[0] == counts[1] else f"GROWS {counts[0]} → {counts[1]}"
            print(f"{'':<28}queries with 10× the data: {verdict}")


if __name__ == "__main__":
    main()
