"""ecoforum search benchmark: `make bench-search`.

Builds 10,000+ bilingual search documents (names of China's green factories, industrial
parks and supply-chain companies and the Green Industry Guidance Catalogue, read at run
time from ``../shared/data/cn/``, with English texts made from a small vocabulary) in a
throw-away database — SQLite by default, PostgreSQL when DATABASE_URL is set (a test
database beside it, dropped at the end) — then times each query through the search
(``ecoforum.search.queries.search``: match, rank, count per kind, read and highlight the
first page) against a plain ``icontains`` scan of the same rows over title and text in
both languages (every word required, count + first page) in the same run. Prints the
median latency of both, their ratio, and the number of results of each, with how many
of the scan's results the search also finds (recall) and how many more it finds.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("ECOFORUM_SHARED", ROOT.parent / "shared"))

QUERIES = [
    # Selective words, as people type them: a name, a title word.
    "奔驰",  # Chinese, 2 characters
    "京东方",  # 3
    "蓝皮书",
    "奔驰汽车",  # 4
    "meteorological",  # English
    "blue book",  # two words
    # Common words: each matches an eighth of the documents or more.
    "气候",
    "钢铁",
    "石漠化",
    "节能环保",
    "有限公司",  # in nearly every title
    "climate",
    "energy",
    "green factory",
    "石漠化 治理",
]

TOPICS_ZH = ["气候变化", "石漠化治理", "碳达峰", "生物多样性", "湿地保护", "节能降碳", "循环经济", "清洁能源"]
TOPICS_EN = [
    "climate change",
    "rocky desertification control",
    "carbon peak",
    "biodiversity",
    "wetland protection",
    "energy saving",
    "circular economy",
    "clean energy",
]
KINDS = ["session", "expert", "release", "project", "exhibitor", "case"]


def setup_django(tmp: Path):
    os.environ.setdefault("ECOFORUM_VAR_DIR", str(tmp))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ecoforum.settings")
    os.environ.setdefault("ECOFORUM_TESTING", "1")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "postgresql":
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        return connection.creation
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return None


def rows(name: str) -> list[dict[str, str]]:
    with (SHARED / "data" / "cn" / name).open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def build(n: int, seed: int = 7) -> int:
    """``n`` documents of one edition plus the two releases of the issue's examples."""
    from ecoforum.forums.models import Edition, Forum
    from ecoforum.search.models import SearchDocument
    from ecoforum.search.terms import index_terms

    forum = Forum.objects.create(slug="bench", name_zh_hans="基准论坛", name_en="Bench")
    edition = Edition.objects.create(
        forum=forum,
        slug="2023",
        year=2023,
        name_zh_hans="2023年论坛",
        name_en="Forum 2023",
        city_zh_hans="贵阳",
        city_en="Guiyang",
        start_date="2023-07-08",
        end_date="2023-07-09",
        is_public=True,
    )
    rng = random.Random(seed)
    factories = rows("绿色工厂名单.csv")
    parks = rows("绿色工业园区名单.csv")
    chains = rows("绿色供应链管理示范企业名单.csv")
    catalogue = [r for r in rows("绿色产业指导目录.csv") if any(r.values())]
    names = [(r.get("地区", ""), r.get("工厂名称", ""), r.get("行业", "")) for r in factories]
    names += [(r.get("地区", ""), r.get("园区", ""), "工业园区") for r in parks]
    names += [
        (r.get("地区", ""), next((v for k, v in r.items() if "企业" in k or "名称" in k), ""), "供应链") for r in chains
    ]
    names = [n for n in names if n[1]]
    entries = [" ".join(v for v in r.values() if v and not v[0].isdigit()) for r in catalogue]
    words_en = ["green", "factory", "industrial", "park", "supply", "chain", "low", "carbon", "water", "energies"]
    documents = []
    for i in range(n):
        region, name, industry = names[i % len(names)]
        t = rng.randrange(len(TOPICS_ZH))
        entry = rng.choice(entries)
        title_zh = f"{name}{rng.choice(['绿色工厂案例', '项目', '展示', '报告'])}"
        text_zh = f"{region}{industry}。{TOPICS_ZH[t]}与{entry}。第三方评价：{rng.choice(names)[1]}。"
        title_en = f"{' '.join(rng.sample(words_en, 3)).title()} {i}"
        text_en = f"A {industry and 'green'} site in {region or 'China'} working on {TOPICS_EN[t]}; " + " ".join(
            rng.sample(words_en, 5)
        )
        documents.append((title_zh, title_en, text_zh, text_en))
    documents.append(("石漠化治理技术体系研究成果", "Rocky desertification control technology", "喀斯特生态修复", ""))
    documents.append(("中国气候变化蓝皮书2023", "Blue Book on Climate Change in China 2023", "中国气象局", ""))
    batch = []
    for i, (title_zh, title_en, text_zh, text_en) in enumerate(documents):
        titles = (title_zh, title_en)
        batch.append(
            SearchDocument(
                kind=KINDS[i % len(KINDS)],
                object_id=str(i),
                edition=edition if i % 10 else None,
                title_zh=title_zh[:400],
                title_en=title_en[:400],
                text_zh=text_zh,
                text_en=text_en,
                url=f"/2023/x/{i}/",
                terms=" ".join(index_terms(*titles, *titles, text_zh, text_en)),
            )
        )
    SearchDocument.objects.bulk_create(batch, batch_size=1000)
    from django.db import connection

    if connection.vendor == "postgresql":  # as autovacuum would after a load (and as indexing.rebuild does)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
    return len(batch)


def scan(text: str, edition):
    """The plain way: every word ``icontains`` in a title or text, in either language."""
    from django.db.models import Q

    from ecoforum.search.models import SearchDocument

    found = SearchDocument.objects.filter(Q(edition=edition) | Q(edition__isnull=True))
    for word in text.split():
        found = found.filter(
            Q(title_zh__icontains=word)
            | Q(title_en__icontains=word)
            | Q(text_zh__icontains=word)
            | Q(text_en__icontains=word)
        )
    ids = set(found.values_list("id", flat=True))
    list(SearchDocument.objects.filter(id__in=sorted(ids)[:20]))
    return ids


def timed(fn, repeat: int) -> tuple[float, object]:
    samples, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=12_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ecoforum-search-bench-") as tmp:
        creation = setup_django(Path(tmp))
        try:
            run(args)
        finally:
            if creation is not None:
                from django.db import connection

                creation.destroy_test_db(connection.settings_dict["NAME"], verbosity=0)


def run(args) -> None:
    from django.db import connection

    from ecoforum.forums.models import Edition
    from ecoforum.search import queries
    from ecoforum.search.backends import backend
    from ecoforum.search.terms import parse_query

    t0 = time.perf_counter()
    total = build(args.documents)
    print(f"built {total} documents in {time.perf_counter() - t0:.1f} s on {connection.vendor} ({backend().name})")
    edition = Edition.objects.get(slug="2023")
    print(f"{'query':<16}{'search ms':>10}{'scan ms':>10}{'ratio':>8}{'found':>8}{'scan':>7}{'recall':>8}{'extra':>7}")
    ratios = []
    search_all, scan_all = [], []
    for text in QUERIES:
        t_search, result = timed(lambda text=text: queries.search(text, edition=edition), args.repeat)
        t_scan, scanned = timed(lambda text=text: scan(text, edition), args.repeat)
        matched = backend().match(parse_query(text), edition.pk)
        recall = len(matched & scanned) / len(scanned) if scanned else 1.0
        extra = len(matched - scanned)
        ratio = t_scan / t_search if t_search else float("inf")
        ratios.append(ratio)
        search_all.append(t_search)
        scan_all.append(t_scan)
        print(
            f"{text:<16}{t_search * 1000:>10.2f}{t_scan * 1000:>10.2f}{ratio:>7.1f}×"
            f"{result.total:>8}{len(scanned):>7}{recall:>8.0%}{extra:>7}"
        )
    print(
        f"{'overall (median)':<16}{statistics.median(search_all) * 1000:>10.2f}"
        f"{statistics.median(scan_all) * 1000:>10.2f}{statistics.median(ratios):>7.1f}×"
    )
    print("ratio = scan time / search time (higher: the index is faster); recall = share of the scan's results found;")
    print("extra = found by the search but not the scan (plural folding: energy finds energies; CJK bigrams).")


if __name__ == "__main__":
    main()
