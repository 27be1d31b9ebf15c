"""A released program that looks like the 2023 forum, for the browser tests and their screenshots.

Names of people are fictional (``is_demo``); sections, theme forums and rooms
follow the 2023 edition's public announcement.
"""

from __future__ import annotations

from dataclasses import dataclass

from ecoforum.forums import services as forum_services
from ecoforum.forums.models import Edition, HeadlineFigure
from ecoforum.program import services
from ecoforum.program.models import Session
from ecoforum.program.services import Role

from ..conftest import at
from ..factories import (
    EditionFactory,
    ExpertProfileFactory,
    OrganizationFactory,
    PersonFactory,
    RoomFactory,
    SectionFactory,
    ThemeForumFactory,
    VenueFactory,
)

SECTIONS = [
    (
        "green",
        "绿色低碳发展",
        "Green and low-carbon development",
        "#2f7d4f",
        "推动经济社会发展全面绿色转型。",
        "A green transition of the whole economy and society.",
    ),
    (
        "protect",
        "生态保护与污染防治",
        "Ecological protection and pollution control",
        "#15808c",
        "守好发展和生态两条底线。",
        "Holding the two bottom lines of development and ecology.",
    ),
    (
        "world",
        "国际交流合作",
        "International exchange and cooperation",
        "#3b67b0",
        "共建地球生命共同体。",
        "Building a shared future for all life on Earth.",
    ),
    (
        "practice",
        "生态文明实践创新",
        "Practice and innovation",
        "#b5762a",
        "生态产品价值实现与绿色金融。",
        "Realising the value of ecological products; green finance.",
    ),
]

FORUMS = [
    ("carbon", "green", "碳达峰碳中和与绿色转型", "Carbon peaking, carbon neutrality and the green transition"),
    ("energy", "green", "新能源与新型电力系统", "New energy and the new power system"),
    ("karst", "protect", "石漠化综合治理", "Integrated control of rocky desertification"),
    ("reserves", "protect", "自然保护地体系建设", "Building the system of protected areas"),
    ("rivers", "protect", "长江珠江上游生态安全屏障", "The ecological barrier of the upper Yangtze and Pearl rivers"),
    ("climate", "world", "应对气候变化国际合作", "International cooperation on climate change"),
    ("beltroad", "world", "绿色“一带一路”", "The green Belt and Road"),
    ("finance", "practice", "绿色金融与生态产品价值实现", "Green finance and the value of ecological products"),
]

PEOPLE = [
    ("wang-jianhua", "王建华", "Wang Jianhua", "研究员", "Research professor", "cae"),
    ("li-mingyuan", "李明远", "Li Mingyuan", "教授", "Professor", "cas"),
    ("chen-siyuan", "陈思远", "Chen Siyuan", "主任", "Director", ""),
    ("zhang-lihua", "张丽华", "Zhang Lihua", "首席科学家", "Chief scientist", "cae"),
    ("anna-mueller", "安娜·穆勒", "Anna Müller", "气候政策顾问", "Climate policy adviser", "foreign"),
    ("james-carter", "詹姆斯·卡特", "James Carter", "项目官员", "Programme officer", ""),
    ("liu-haitao", "刘海涛", "Liu Haitao", "副院长", "Vice president", "cas"),
    ("zhao-xinran", "赵欣然", "Zhao Xinran", "主持人", "Anchor", ""),
    ("sun-zhiqiang", "孙志强", "Sun Zhiqiang", "董事长", "Chairman", ""),
    ("maria-santos", "玛丽亚·桑托斯", "Maria Santos", "高级研究员", "Senior fellow", ""),
]


@dataclass
class Forum:
    edition: Edition
    sessions: dict[str, Session]


def build_forum() -> Forum:
    edition = EditionFactory(
        year=2023,
        description_zh_hans=(
            "生态文明贵阳国际论坛是我国唯一以生态文明为主题的国家级国际性论坛。"
            "本届论坛以线上线下相结合的方式举办，举办开闭幕式、主题论坛、展览展示和绿色产业招商等系列活动。"
        ),
        description_en=(
            "The Eco Forum Global Guiyang is China's only national and international forum on ecological "
            "civilization. This edition is held on site and online, with opening and closing ceremonies, "
            "theme forums, an exhibition and green-industry investment promotion."
        ),
    )
    forum_services.adopt_charter_version(
        edition.forum,
        actor=None,
        title_zh_hans="生态文明贵阳国际论坛章程",
        title_en="Charter of the Eco Forum Global Guiyang",
        body_zh_hans="第一条 为规范论坛举办，制定本章程。\n\n第二条 论坛每年在贵阳举办一次。",
        body_en="Article 1. This charter governs the forum.\n\nArticle 2. The forum is held in Guiyang every year.",
        adopted_on=edition.start_date.replace(month=4, day=20),
    )
    for order, (value, zh, en) in enumerate(
        [
            ("2500+", "参会嘉宾", "guests"),
            ("290+", "参展企业", "exhibitors"),
            ("220", "招商推介项目", "investment projects"),
        ]
    ):
        HeadlineFigure.objects.create(edition=edition, value=value, label_zh_hans=zh, label_en=en, order=order)

    venue = VenueFactory(edition=edition, address_zh_hans="贵州省贵阳市观山湖区", address_en="Guanshanhu, Guiyang")
    rooms = [
        RoomFactory(venue=venue, name_zh_hans="主会场", name_en="Main Hall", capacity=1500, order=0),
        RoomFactory(venue=venue, name_zh_hans="第一会议室", name_en="Hall 1", capacity=400, order=1),
        RoomFactory(venue=venue, name_zh_hans="第二会议室", name_en="Hall 2", capacity=300, order=2),
        RoomFactory(venue=venue, name_zh_hans="第三会议室", name_en="Hall 3", capacity=300, order=3),
    ]
    sections = {}
    for order, (slug, zh, en, colour, dzh, den) in enumerate(SECTIONS):
        sections[slug] = SectionFactory(
            edition=edition,
            slug=slug,
            name_zh_hans=zh,
            name_en=en,
            colour=colour,
            description_zh_hans=dzh,
            description_en=den,
            order=order,
        )
    forums = {}
    unep = OrganizationFactory(
        name_zh_hans="联合国环境规划署", name_en="UN Environment Programme", kind="international"
    )
    academy = OrganizationFactory(name_zh_hans="中国科学院地球化学研究所", name_en="Institute of Geochemistry, CAS")
    for order, (slug, section, zh, en) in enumerate(FORUMS):
        forums[slug] = ThemeForumFactory(
            edition=edition,
            section=sections[section],
            slug=slug,
            title_zh_hans=zh,
            title_en=en,
            order=order,
            description_zh_hans=f"{zh}主题论坛，汇集国内外专家学者与企业代表。",
            description_en=f"The theme forum on {en.lower()}, with experts and companies.",
        )
    forums["climate"].co_organizers.add(unep)
    forums["karst"].co_organizers.add(academy)

    people = {}
    fields = {}
    for slug, zh, en, pos_zh, pos_en, academy_code in PEOPLE:
        person = PersonFactory(
            slug=slug,
            name_zh_hans=zh,
            name_en=en,
            position_zh_hans=pos_zh,
            position_en=pos_en,
            biography_zh_hans=f"{zh}长期从事生态环境与可持续发展研究。",
            biography_en=f"{en} has worked on ecology and sustainable development for decades.",
        )
        people[slug] = person
        if academy_code or slug in ("chen-siyuan", "maria-santos"):
            titles = {
                "cas": ("中国科学院院士", "Academician of the CAS"),
                "cae": ("中国工程院院士", "Academician of the CAE"),
                "foreign": ("外籍院士", "Foreign academician"),
                "": ("研究员", "Research fellow"),
            }[academy_code]
            profile = ExpertProfileFactory(
                person=person,
                academy=academy_code,
                title_zh_hans=titles[0],
                title_en=titles[1],
                affiliation=person.organization,
            )
            for name_zh, name_en in [
                ("气候变化", "Climate change"),
                ("喀斯特生态", "Karst ecology"),
                ("绿色金融", "Green finance"),
            ][: 1 + len(slug) % 3]:
                if name_zh not in fields:
                    fields[name_zh] = profile.fields.create(name_zh_hans=name_zh, name_en=name_en)
                else:
                    profile.fields.add(fields[name_zh])

    def p(slug, role="speaker", zh="", en=""):
        return Role(people[slug], role, talk_title_zh_hans=zh, talk_title_en=en)

    plan = [
        # code, day, (h, m), (h, m), room, kind, forum, zh, en, people, online
        (
            "OPEN",
            0,
            (9, 0),
            (10, 30),
            0,
            "ceremony",
            None,
            "开幕式暨主旨演讲",
            "Opening ceremony and keynote speeches",
            [
                p("zhao-xinran", "host"),
                p("wang-jianhua", "keynote", "共谋人与自然和谐共生现代化", "Modernization in harmony"),
                p("anna-mueller", "keynote"),
            ],
            True,
        ),
        (
            "HLD",
            0,
            (10, 45),
            (12, 0),
            0,
            "dialogue",
            None,
            "高端对话：推进绿色低碳发展",
            "High-level dialogue: advancing green and low-carbon development",
            [p("chen-siyuan", "moderator"), p("li-mingyuan", "panelist"), p("james-carter", "panelist")],
            True,
        ),
        (
            "TF01",
            0,
            (14, 0),
            (17, 30),
            1,
            "forum",
            "carbon",
            "碳达峰碳中和与绿色转型主题论坛",
            "Theme forum: carbon peaking, carbon neutrality and the green transition",
            [p("sun-zhiqiang", "moderator"), p("zhang-lihua", "speaker", "新型储能的路径", "Pathways for new storage")],
            False,
        ),
        (
            "TF03",
            0,
            (14, 0),
            (17, 0),
            2,
            "forum",
            "karst",
            "石漠化综合治理主题论坛",
            "Theme forum: integrated control of rocky desertification",
            [p("liu-haitao", "moderator"), p("maria-santos", "speaker")],
            False,
        ),
        (
            "TF06",
            0,
            (14, 0),
            (16, 0),
            3,
            "panel",
            "climate",
            "应对气候变化国际合作圆桌",
            "Round table: international cooperation on climate change",
            [p("anna-mueller", "moderator"), p("james-carter", "panelist")],
            True,
        ),
        (
            "REL1",
            0,
            (16, 15),
            (17, 0),
            3,
            "release",
            "climate",
            "《中国气候变化蓝皮书2023》发布",
            "Launch of the Blue Book on Climate Change in China 2023",
            [p("li-mingyuan", "speaker")],
            False,
        ),
        (
            "SIGN",
            0,
            (15, 0),
            (16, 30),
            0,
            "signing",
            None,
            "绿色产业招商推介暨项目集中签约",
            "Green-industry investment promotion and project signing",
            [p("chen-siyuan", "host")],
            False,
        ),
        (
            "TF02",
            1,
            (9, 0),
            (12, 0),
            1,
            "forum",
            "energy",
            "新能源与新型电力系统主题论坛",
            "Theme forum: new energy and the new power system",
            [p("zhang-lihua", "speaker")],
            False,
        ),
        (
            "TF04",
            1,
            (9, 0),
            (11, 30),
            2,
            "forum",
            "reserves",
            "自然保护地体系建设主题论坛",
            "Theme forum: building the system of protected areas",
            [p("chen-siyuan", "moderator")],
            False,
        ),
        (
            "TF07",
            1,
            (9, 30),
            (12, 0),
            3,
            "dialogue",
            "beltroad",
            "绿色“一带一路”对话",
            "Dialogue on the green Belt and Road",
            [p("james-carter", "speaker"), p("maria-santos", "panelist")],
            True,
        ),
        (
            "TF05",
            1,
            (14, 0),
            (16, 0),
            1,
            "forum",
            "rivers",
            "长江珠江上游生态安全屏障主题论坛",
            "Theme forum: the ecological barrier of the upper Yangtze and Pearl rivers",
            [p("liu-haitao")],
            False,
        ),
        (
            "TF08",
            1,
            (14, 0),
            (16, 0),
            2,
            "forum",
            "finance",
            "绿色金融与生态产品价值实现主题论坛",
            "Theme forum: green finance and the value of ecological products",
            [p("wang-jianhua", "speaker")],
            False,
        ),
        (
            "CLOSE",
            1,
            (16, 30),
            (17, 30),
            0,
            "ceremony",
            None,
            "闭幕式暨成果发布",
            "Closing ceremony and outcomes",
            [p("zhao-xinran", "host"), p("li-mingyuan", "keynote")],
            True,
        ),
    ]
    sessions = {}
    for code, day, (h1, m1), (h2, m2), room, kind, forum, zh, en, roles, online in plan:
        sessions[code] = services.create_session(
            edition,
            actor=None,
            code=code,
            kind=kind,
            title_zh_hans=zh,
            title_en=en,
            theme_forum=forums.get(forum) if forum else None,
            room=rooms[room],
            start=at(edition, day, h1, m1),
            end=at(edition, day, h2, m2),
            people=roles,
            is_online=online,
            online_url=f"https://live.example.org/{code.lower()}" if online else "",
            abstract_zh_hans=f"{zh}。与会嘉宾将围绕本届论坛主题深入交流。",
            abstract_en=f"{en}. Guests discuss the theme of the edition.",
        )
    services.release_program(
        edition, actor=None, version="1.0", comment_zh_hans="首次发布议程。", comment_en="First published program."
    )
    services.schedule_session(
        sessions["REL1"], actor=None, room=rooms[3], start=at(edition, 0, 16, 30), end=at(edition, 0, 17, 15)
    )
    services.release_program(
        edition,
        actor=None,
        version="1.1",
        comment_zh_hans="蓝皮书发布时间调整。",
        comment_en="The Blue Book launch moves by 15 minutes.",
    )
    return Forum(edition=edition, sessions=sessions)
