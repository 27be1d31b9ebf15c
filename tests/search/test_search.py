"""The search: tokenizer, matching on SQLite and PostgreSQL, ranking, highlighting, visibility, the index kept
current, the page and the API. Every test here runs on both databases (``DATABASE_URL`` picks PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from ecoforum.search import queries
from ecoforum.search.backends import LikeBackend, backend
from ecoforum.search.indexing import rebuild
from ecoforum.search.models import SearchDocument
from ecoforum.search.terms import index_terms, parse_query

from ..exhibition.factories import ExhibitorFactory, ProductFactory
from ..factories import EditionFactory, PersonFactory
from ..investment.factories import InvestmentProjectFactory
from .factories_search import PracticeCaseFactory, ReleaseFactory, published_session

DESERT = "石漠化治理技术体系研究成果"
BLUE_BOOK = "中国气候变化蓝皮书2023"


def found(text, edition, **kwargs):
    return [(r.kind, r.document.title_zh) for r in queries.search(text, edition=edition, **kwargs).items]


@pytest.fixture
def now_index(django_capture_on_commit_callbacks):
    """Run the index's after-commit work at once (tests run inside one transaction)."""

    def run(make):
        with django_capture_on_commit_callbacks(execute=True):
            return make()

    return run


@pytest.fixture
def releases(edition, now_index):
    return now_index(
        lambda: {
            "desert": ReleaseFactory(
                edition=edition,
                slug="desert",
                kind="research_result",
                title_zh_hans=DESERT,
                title_en="Technology system for rocky desertification control",
                abstract_zh_hans="喀斯特地区生态修复的系统方案。",
                abstract_en="A system for ecological restoration in karst regions.",
            ),
            "blue": ReleaseFactory(
                edition=edition,
                slug="blue-book",
                kind="blue_book",
                title_zh_hans=BLUE_BOOK,
                title_en="Blue Book on Climate Change in China 2023",
                abstract_zh_hans="中国气象局发布的年度评估。",
                abstract_en="The annual assessment of the China Meteorological Administration.",
            ),
        }
    )


# --- the tokenizer ----------------------------------------------------------


def test_index_terms_cjk_run_gives_characters_and_bigrams():
    assert index_terms("石漠化治理") == ["石", "漠", "化", "治", "理", "石漠", "漠化", "化治", "治理"]


def test_index_terms_latin_words_lower_cased_and_plurals_folded():
    assert index_terms("Green Forests, POLICIES and 2023！") == ["green", "forest", "policy", "and", "2023"]


def test_parse_query_mixed_languages():
    query = parse_query("  石漠化 Forests ")
    assert query.terms == ("石漠", "漠化", "forest")
    assert query.words == ("石漠化", "forest")


def test_parse_query_single_character_and_nothing():
    assert parse_query("碳").terms == ("碳",)
    assert not parse_query("  ，。!! ")


CJK_CHARS = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.one_of(CJK_CHARS, st.sampled_from("ab ,1")), min_size=2, max_size=30), data=st.data())
def test_every_cjk_substring_of_an_indexed_text_is_found(text, data):
    """Property: any run of 2+ Chinese characters inside an indexed text asks only for terms the text has."""
    runs = [r for r in __import__("re").findall("[\u4e00-\u9fff]+", text) if len(r) >= 2]
    if not runs:
        return
    run = data.draw(st.sampled_from(runs))
    start = data.draw(st.integers(0, len(run) - 2))
    end = data.draw(st.integers(start + 2, len(run)))
    terms = set(index_terms(text))
    assert set(parse_query(run[start:end]).terms) <= terms


# --- the examples, on this database -------------------------------------


def test_chinese_word_inside_longer_title_is_found(edition, releases):
    assert found("石漠化", edition) == [("release", DESERT)]


def test_climate_finds_the_blue_book(edition, releases):
    assert found("气候", edition) == [("release", BLUE_BOOK)]


def test_english_word_finds_the_same_release(edition, releases):
    assert found("desertification", edition) == [("release", DESERT)]
    assert found("Climate", edition) == [("release", BLUE_BOOK)]


def test_all_words_are_required(edition, releases):
    assert found("climate desertification", edition) == []
    assert found("气候 china", edition) == [("release", BLUE_BOOK)]


def test_bigrams_that_are_not_a_word_of_the_text_find_nothing(edition, releases):
    assert found("化气", edition) == []
    assert found("沙漠", edition) == []


def test_query_with_sql_and_fts_syntax_is_only_text(edition, releases):
    for text in ['"气候', "气候' OR 1=1 --", "NEAR(a b) AND *", "a & b | !c", "气候 )("]:
        result = queries.search(text, edition=edition)
        assert all(r.kind == "release" for r in result.items)
    assert SearchDocument.objects.count() == 2


def test_other_editions_documents_are_not_found_but_edition_less_ones_are(edition, releases, now_index):
    other = EditionFactory()
    now_index(lambda: ReleaseFactory(edition=other, title_zh_hans="另一届的气候报告", title_en="Other"))
    now_index(lambda: PracticeCaseFactory(title_zh_hans="气候适应型城市试点", title_en="Climate-adaptive city"))
    assert found("气候", edition) == [("release", BLUE_BOOK), ("case", "气候适应型城市试点")]


# --- ranking ----------------------------------------------------------------


def test_title_match_ranks_before_text_match(edition, now_index):
    text_only = now_index(
        lambda: ReleaseFactory(
            edition=edition, title_zh_hans="年度报告", title_en="Annual report", abstract_zh_hans="其中谈到湿地保护。"
        )
    )
    in_title = now_index(
        lambda: PracticeCaseFactory(title_zh_hans="湿地保护示范区", title_en="Wetland protection site")
    )
    result = queries.search("湿地", edition=edition)
    assert [r.document.object_id for r in result.items] == [str(in_title.pk), str(text_only.pk)]
    assert [r.title_hit for r in result.items] == [True, False]


# --- highlighting -----------------------------------------------------------


def test_title_and_snippet_highlighted_in_the_page_language(edition, releases):
    item = queries.search("气候", edition=edition, language="zh-hans").items[0]
    assert item.title == "中国<mark>气候</mark>变化蓝皮书2023"
    item = queries.search("climate", edition=edition, language="en").items[0]
    assert item.title == "Blue Book on <mark>Climate</mark> Change in China 2023"


def test_snippet_falls_back_to_the_other_language(edition, releases):
    item = queries.search("karst", edition=edition, language="zh-hans").items[0]
    assert item.snippet == "A system for ecological restoration in <mark>karst</mark> regions."
    assert item.snippet_text[item.marks[0][0] : item.marks[0][1]] == "karst"


def test_highlight_escapes_html(edition, now_index):
    now_index(lambda: ReleaseFactory(edition=edition, title_zh_hans="<script>alert(1)</script>气候", title_en="x"))
    item = queries.search("气候", edition=edition).items[0]
    assert item.title == "&lt;script&gt;alert(1)&lt;/script&gt;<mark>气候</mark>"


def test_long_text_snippet_is_cut_around_the_match(edition, now_index):
    now_index(
        lambda: ReleaseFactory(edition=edition, title_zh_hans="报告", abstract_zh_hans="前" * 300 + "碳汇" + "后" * 300)
    )
    item = queries.search("碳汇", edition=edition).items[0]
    assert item.snippet_text.startswith("…前") and item.snippet_text.endswith("后…")
    start, end = item.marks[0]
    assert item.snippet_text[start:end] == "碳汇"


# --- visibility -------------------------------------------------------------


def test_unpublished_release_is_not_found(edition, now_index):
    now_index(lambda: ReleaseFactory(edition=edition, title_zh_hans="未发布的气候报告", is_published=False))
    assert found("气候", edition) == []


def test_release_before_its_time_is_found_only_once_its_time_has_come(edition, now_index):
    later = now_index(
        lambda: ReleaseFactory(
            edition=edition, title_zh_hans="明天发布的气候报告", released_at=timezone.now() + dt.timedelta(hours=2)
        )
    )
    assert found("气候", edition) == []
    assert not SearchDocument.objects.filter(kind="release").exists()
    # Time passes (no save, no signal): the next search indexes it.
    type(later).objects.filter(pk=later.pk).update(released_at=timezone.now() - dt.timedelta(seconds=1))
    assert found("气候", edition) == [("release", "明天发布的气候报告")]


def test_release_moved_to_later_is_removed(edition, releases, now_index):
    blue = releases["blue"]
    blue.released_at = timezone.now() + dt.timedelta(days=3)
    now_index(lambda: blue.save())
    assert found("气候", edition) == []


def test_non_public_case_and_unscheduled_session_are_not_found(edition, now_index):
    now_index(lambda: PracticeCaseFactory(title_zh_hans="内部气候案例", is_public=False))
    from ..factories import SessionFactory

    now_index(lambda: SessionFactory(edition=edition, title_zh_hans="草稿里的气候会议"))
    assert found("气候", edition) == []


def test_project_index_has_no_contact_details(edition, now_index):
    project = now_index(
        lambda: InvestmentProjectFactory(
            edition=edition, name_zh_hans="光伏治沙项目", contact_phone="13800000000", contact_email="a@example.org"
        )
    )
    document = SearchDocument.objects.get(kind="project", object_id=str(project.pk))
    assert "13800000000" not in document.terms + document.text_zh + document.text_en
    assert found("13800000000", edition) == []
    assert found("治沙", edition) == [("project", "光伏治沙项目")]


# --- every kind, and keeping the index current --------------------------------


def test_every_kind_is_found(edition, room, now_index):
    person = PersonFactory(name_zh_hans="李生态", name_en="Li Shengtai")
    from ecoforum.people.models import ExpertProfile

    now_index(lambda: ExpertProfile.objects.create(person=person, title_zh_hans="生态修复专家", title_en="ecologist"))
    now_index(lambda: published_session(edition, room, title_zh_hans="生态修复分论坛", title_en="Restoration forum"))
    now_index(lambda: ReleaseFactory(edition=edition, title_zh_hans="生态修复报告"))
    now_index(lambda: InvestmentProjectFactory(edition=edition, name_zh_hans="生态修复项目"))
    exhibitor = now_index(lambda: ExhibitorFactory(edition=edition, name_zh_hans="某公司"))
    now_index(lambda: ProductFactory(exhibitor=exhibitor, name_zh_hans="生态修复设备"))
    now_index(lambda: PracticeCaseFactory(title_zh_hans="生态修复案例"))
    result = queries.search("生态修复", edition=edition)
    assert result.counts == {"release": 1, "session": 1, "expert": 1, "project": 1, "exhibitor": 1, "case": 1}
    assert [r.document.url for r in queries.search("设备", edition=edition).items] == [
        f"/{edition.slug}/exhibitors/{exhibitor.slug}/"
    ]


def test_signals_create_change_delete(edition, now_index):
    case = now_index(lambda: PracticeCaseFactory(title_zh_hans="竹林碳汇", title_en="Bamboo carbon sink"))
    assert found("碳汇", None) == [("case", "竹林碳汇")]
    case.title_zh_hans = "茶园生态"
    now_index(lambda: case.save())
    assert found("碳汇", None) == []
    assert found("茶园", None) == [("case", "茶园生态")]
    now_index(lambda: case.delete())
    assert found("茶园", None) == []
    assert SearchDocument.objects.count() == 0


def test_m2m_and_author_changes_reach_the_release(edition, releases, now_index):
    from ecoforum.releases.models import ReleaseAuthor, Topic

    blue = releases["blue"]
    topic = Topic.objects.create(slug="wetlands", name_zh_hans="湿地", name_en="Wetlands")
    now_index(lambda: blue.topics.add(topic))
    assert found("wetlands", edition) == [("release", BLUE_BOOK)]
    author = PersonFactory(name_zh_hans="王气象", name_en="Wang Qixiang")
    now_index(lambda: ReleaseAuthor.objects.create(release=blue, person=author))
    assert found("qixiang", edition) == [("release", BLUE_BOOK)]
    author.name_en = "Wang Yun"
    now_index(lambda: author.save())
    assert found("qixiang", edition) == []


def test_rebuild_indexes_bulk_created_rows_and_command_reports(edition, releases, capsys):
    SearchDocument.objects.all().delete()
    assert found("气候", edition) == [("release", BLUE_BOOK)]  # brought back by the due-release catch-up
    SearchDocument.objects.all().delete()
    assert rebuild(edition) == 2
    call_command("rebuild_search_index", "--edition", edition.slug)
    out = capsys.readouterr().out
    assert "release" in out and "Indexed 2 documents." in out
    assert found("石漠化", edition) == [("release", DESERT)]


def test_rebuild_command_unknown_edition_is_an_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"No edition “1999”\."):
        call_command("rebuild_search_index", "--edition", "1999")


# --- paging and kinds ---------------------------------------------------------


def test_kind_filter_and_pages(edition, now_index):
    for n in range(25):
        now_index(lambda n=n: ReleaseFactory(edition=edition, title_zh_hans=f"森林报告{n}"))
    now_index(lambda: PracticeCaseFactory(title_zh_hans="森林案例"))
    first = queries.search("森林", edition=edition)
    assert (first.total, first.pages, len(first.items)) == (26, 2, 20)
    second = queries.search("森林", edition=edition, page=2)
    assert len(second.items) == 6
    only = queries.search("森林", edition=edition, kind="case")
    assert [r.document.title_zh for r in only.items] == ["森林案例"]
    assert only.counts["release"] == 25


def test_too_short_and_empty_queries(edition, releases):
    assert queries.search("", edition=edition).too_short is False
    assert queries.search("a", edition=edition).too_short is True
    assert queries.search("！", edition=edition).items == []


# --- the backends agree -------------------------------------------------------


@pytest.mark.parametrize("text", ["石漠化", "气候", "climate", "气候 china", "化气", "technology system"])
def test_like_fallback_finds_what_the_full_text_backend_finds(edition, releases, text):
    """The LIKE fallback (a SQLite without FTS5) and this database's full-text backend find the same documents."""
    query = parse_query(text)
    assert LikeBackend().match(query, edition.pk) == backend().match(query, edition.pk)


def test_backend_is_the_databases_own(db):
    from django.db import connection

    expected = {"postgresql": "postgresql", "sqlite": "sqlite-fts5"}[connection.vendor]
    assert backend().name == expected


@pytest.mark.postgres
def test_postgres_match_uses_the_gin_index(edition, releases):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM search_searchdocument WHERE terms_vector @@ to_tsquery('simple', %s)",
            ["'气候'"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_document_terms" in plan


def test_new_program_version_without_a_session_removes_it(edition, room, now_index):
    from ecoforum.program.models import ProgramRelease

    session = now_index(lambda: published_session(edition, room, title_zh_hans="竹产业对话"))
    assert found("竹产业", edition) == [("session", "竹产业对话")]
    now_index(
        lambda: ProgramRelease.objects.create(
            edition=edition, version="2.0", published_at=timezone.now() + dt.timedelta(minutes=1)
        )
    )
    assert found("竹产业", edition) == []
    assert session.pk is not None


def test_organization_rename_reaches_its_projects(edition, now_index):
    project = now_index(lambda: InvestmentProjectFactory(edition=edition, name_zh_hans="光伏电站"))
    owner = project.owner
    owner.name_en = "Qiannan Solar Holdings"
    now_index(lambda: owner.save())
    assert found("qiannan", edition) == [("project", "光伏电站")]


def test_saving_a_person_sends_no_query_before_commit(db, django_assert_num_queries):
    person = PersonFactory()
    person.name_en = "Changed"
    with django_assert_num_queries(1):  # the UPDATE only; re-indexing waits for the commit
        person.save(update_fields=["name_en"])
