"""The green-investment part of the 2023 demo edition: the project index, investors, meeting requests, signings.

The seed (the 2023 news release) says: 220 green-industry projects offered to investors,
about 130 billion yuan (1,300 亿元) sought, in new energy and battery materials,
modern energy, energy saving and environmental protection, recycling and green
services; and signings worth more than 16 billion yuan (160 亿元). This module builds
that much, in Guizhou's real cities and counties, with invented projects, owners,
investors and people (``is_demo``; any likeness to a real company is unintended).

Everything comes from one seeded random generator, so every run builds the same rows.
Rows are keyed on a code, a slug or a name: a second run finds them and creates
nothing. The 220 projects, the investors and the meeting requests are written with
``bulk_create`` (the services would take seconds for rows no organizer typed); the
signings go through ``investment.signings.record_signing`` so that their rules and
audit entries hold as for an organizer. Meeting slots, tables and meetings are left to
the scheduler: ``demo_meeting_grid_spec`` says what the demo should use.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import models

from ecoforum.core.money import YI
from ecoforum.forums.models import Edition
from ecoforum.investment import meetings
from ecoforum.investment.enums import (
    CooperationMode,
    PartyRole,
    ProjectStage,
    RequestSide,
    RequestStatus,
    SigningKind,
)
from ecoforum.investment.models import GreenIndustry, InvestmentProject, Investor, Meeting, MeetingRequest, Signing
from ecoforum.investment.signings import Party, record_signing
from ecoforum.people.enums import OrganizationKind
from ecoforum.people.models import Organization, Person
from ecoforum.program.models import Session, SessionSlot

from . import login as demo_login

SEED = 2023
PROJECT_COUNT = 220
PROJECT_TOTAL = 1300 * YI  # 1,300 亿元 sought
CODE = "GZ2023-{:03d}"
INVESTOR_USER = demo_login.INVESTOR
OWNER_USER = demo_login.OWNER
CEREMONY_CODE = "SIGN"
MEETING_REQUESTS = 320

# fmt: off
#: Guizhou's cities and autonomous prefectures, each with some of its real counties: (zh, en).
PLACES: list[tuple[tuple[str, str], list[tuple[str, str]]]] = [
    (("贵阳市", "Guiyang"), [("南明区", "Nanming District"), ("云岩区", "Yunyan District"),
                            ("花溪区", "Huaxi District"), ("乌当区", "Wudang District"),
                            ("白云区", "Baiyun District"), ("观山湖区", "Guanshanhu District"),
                            ("清镇市", "Qingzhen"), ("修文县", "Xiuwen County"), ("息烽县", "Xifeng County"),
                            ("开阳县", "Kaiyang County")]),
    (("遵义市", "Zunyi"), [("红花岗区", "Honghuagang District"), ("汇川区", "Huichuan District"),
                          ("播州区", "Bozhou District"), ("仁怀市", "Renhuai"), ("赤水市", "Chishui"),
                          ("桐梓县", "Tongzi County"), ("湄潭县", "Meitan County"), ("凤冈县", "Fenggang County"),
                          ("习水县", "Xishui County")]),
    (("六盘水市", "Liupanshui"), [("钟山区", "Zhongshan District"), ("水城区", "Shuicheng District"),
                                 ("盘州市", "Panzhou"), ("六枝特区", "Liuzhi Special District")]),
    (("安顺市", "Anshun"), [("西秀区", "Xixiu District"), ("平坝区", "Pingba District"), ("普定县", "Puding County"),
                           ("镇宁布依族苗族自治县", "Zhenning County"), ("关岭布依族苗族自治县", "Guanling County")]),
    (("毕节市", "Bijie"), [("七星关区", "Qixingguan District"), ("大方县", "Dafang County"), ("黔西市", "Qianxi"),
                          ("金沙县", "Jinsha County"), ("织金县", "Zhijin County"),
                          ("威宁彝族回族苗族自治县", "Weining County")]),
    (("铜仁市", "Tongren"), [("碧江区", "Bijiang District"), ("万山区", "Wanshan District"),
                            ("江口县", "Jiangkou County"), ("松桃苗族自治县", "Songtao County"),
                            ("思南县", "Sinan County"), ("石阡县", "Shiqian County")]),
    (("黔东南州", "Qiandongnan Prefecture"), [("凯里市", "Kaili"), ("黎平县", "Liping County"),
                                            ("从江县", "Congjiang County"), ("雷山县", "Leishan County"),
                                            ("镇远县", "Zhenyuan County"), ("榕江县", "Rongjiang County")]),
    (("黔南州", "Qiannan Prefecture"), [("都匀市", "Duyun"), ("福泉市", "Fuquan"), ("龙里县", "Longli County"),
                                      ("惠水县", "Huishui County"), ("荔波县", "Libo County"),
                                      ("瓮安县", "Weng'an County"), ("贵定县", "Guiding County")]),
    (("黔西南州", "Qianxinan Prefecture"), [("兴义市", "Xingyi"), ("兴仁市", "Xingren"), ("安龙县", "Anlong County"),
                                          ("贞丰县", "Zhenfeng County"), ("普安县", "Pu'an County")]),
]


@dataclass(frozen=True)
class Template:
    """A kind of project: its catalogue entry, name and summary patterns, and its usual size in 亿元."""

    industry: str
    name_zh: str
    name_en: str
    summary_zh: str
    summary_en: str
    size: int  # 亿元, before scaling
    capacity: tuple[int, int] = (10, 100)


#: The seed's fields: new energy and clean energy, new (battery) materials, energy saving and environmental
#: protection, recycling, ecological agriculture, green infrastructure and services.
TEMPLATES = [
    Template("3.2.2", "{county}农光互补光伏电站项目", "{county} agrivoltaic solar power plant",
             "建设装机容量{n}万千瓦的农光互补光伏电站，配套建设升压站及送出线路。",
             "A {n}0 MW agrivoltaic solar power plant with its step-up substation and grid connection.", 8, (5, 30)),
    Template("3.2.1", "{county}风电场项目", "{county} wind farm",
             "在山地风资源区建设装机容量{n}万千瓦的风电场。",
             "A {n}0 MW wind farm on the county's upland wind sites.", 9, (5, 20)),
    Template("3.4.2", "{county}新型储能电站项目", "{county} energy storage station",
             "建设规模{n}万千瓦时的电化学储能电站，服务电网调峰调频。",
             "A {n}0 MWh battery storage station for peak shaving and frequency regulation.", 5, (10, 40)),
    Template("3.4.7", "{county}抽水蓄能电站项目", "{county} pumped storage power station",
             "建设装机容量{n}万千瓦的抽水蓄能电站。",
             "A {n}0 MW pumped storage power station.", 45, (60, 150)),
    Template("3.2.9", "{county}氢能综合利用示范项目", "{county} hydrogen demonstration project",
             "建设制氢、储氢、加氢一体化示范设施，年产绿氢{n}百吨。",
             "An integrated hydrogen production, storage and refuelling demonstration, {n}00 tonnes of green "
             "hydrogen a year.", 6, (5, 30)),
    Template("3.2.6", "{county}煤层气抽采利用项目", "{county} coalbed methane project",
             "建设煤层气抽采及发电利用设施，年利用量{n}千万立方米。",
             "Extraction of coalbed methane and its use for power, {n}0 million cubic metres a year.", 6, (2, 12)),
    Template("1.4.1", "{county}新能源电池材料产业园项目", "{county} battery materials industrial park",
             "依托磷化工资源，建设年产{n}万吨磷酸铁锂正极材料生产线。",
             "Lithium iron phosphate cathode lines of {n}0,000 tonnes a year, built on the local phosphate "
             "industry.", 30, (2, 20)),
    Template("1.4.2", "{county}充换电设备制造项目", "{county} charging equipment plant",
             "建设年产{n}万台充电桩及换电设备生产线。",
             "A plant making {n}0,000 chargers and battery-swapping units a year.", 4, (1, 10)),
    Template("1.1.14", "{county}新型绿色建材产业园项目", "{county} green building materials park",
             "建设年产{n}万立方米绿色建材生产基地。",
             "Green building materials, {n}0,000 cubic metres a year.", 5, (10, 60)),
    Template("1.5.3", "{county}工业余热综合利用项目", "{county} industrial waste heat recovery",
             "回收园区工业余热用于发电和集中供热，年节约标准煤{n}万吨。",
             "Waste heat from the industrial park used for power and district heating, saving {n}0,000 "
             "tonnes of standard coal a year.", 3, (2, 15)),
    Template("5.3.1", "{county}污水处理及再生利用项目", "{county} sewage treatment and water reuse",
             "新建日处理规模{n}万吨的污水处理厂及再生水管网。",
             "A sewage treatment plant of {n}0,000 tonnes a day and its reclaimed-water network.", 3, (2, 10)),
    Template("5.3.2", "{county}生活垃圾焚烧发电项目", "{county} waste-to-energy plant",
             "建设日处理生活垃圾{n}百吨的焚烧发电厂。",
             "A waste-to-energy plant burning {n}00 tonnes of household waste a day.", 6, (3, 12)),
    Template("2.5.1", "{county}磷石膏综合利用项目", "{county} phosphogypsum utilization",
             "建设年消纳磷石膏{n}万吨的建材及土壤调理剂生产线。",
             "Building materials and soil conditioner made from {n}0,000 tonnes of phosphogypsum a year.",
             5, (20, 100)),
    Template("1.7.2", "{county}废旧动力电池回收利用项目", "{county} battery recycling plant",
             "建设年处理{n}万吨废旧动力电池的拆解及再生利用生产线。",
             "Dismantling and recycling of {n}0,000 tonnes of used traction batteries a year.", 6, (1, 10)),
    Template("1.7.7", "{county}农业废弃物资源化利用项目", "{county} agricultural waste recycling",
             "收集处理秸秆及畜禽粪污，年产有机肥{n}万吨。",
             "Straw and manure turned into {n}0,000 tonnes of organic fertilizer a year.", 2, (2, 10)),
    Template("4.1.2", "{county}绿色有机茶产业园项目", "{county} organic tea park",
             "建设有机茶园{n}千亩及茶叶精深加工中心。",
             "{n},000 mu of organic tea gardens and a tea processing centre.", 2, (5, 30)),
    Template("4.1.5", "{county}林下中药材种植项目", "{county} under-forest herb cultivation",
             "发展林下中药材种植{n}千亩，配套建设初加工基地。",
             "{n},000 mu of medicinal herbs grown under forest, with a first-processing base.", 2, (5, 30)),
    Template("4.1.8", "{county}生态畜牧养殖项目", "{county} ecological livestock farming",
             "建设年出栏{n}万头的生态养殖基地及粪污处理设施。",
             "An ecological farm raising {n}0,000 animals a year, with manure treatment.", 3, (1, 10)),
    Template("4.1.10", "{county}森林康养基地项目", "{county} forest wellness resort",
             "依托森林资源建设康养基地，规划床位{n}百张。",
             "A forest wellness base with {n}00 beds.", 4, (2, 10)),
    Template("4.3.7", "{county}石漠化综合治理项目", "{county} rocky desertification control",
             "综合治理石漠化土地{n}万亩，发展特色经济林。",
             "{n}0,000 mu of rocky desertification brought under control, planted with fruit and nut trees.", 3,
             (2, 15)),
    Template("5.2.5", "{county}充电基础设施建设项目", "{county} EV charging network",
             "建设公共充电站{n}座及配套电网设施。",
             "{n} public charging stations and their grid connections.", 2, (20, 120)),
    Template("5.1.4", "{county}装配式建筑产业基地项目", "{county} prefabricated building base",
             "建设年产{n}万立方米预制构件的装配式建筑产业基地。",
             "A base making {n}0,000 cubic metres of prefabricated building parts a year.", 4, (5, 30)),
    Template("2.1.1", "{county}工业园区循环化改造项目", "{county} circular upgrade of the industrial park",
             "对园区{n}家企业实施产业链接循环化改造。",
             "Circular links between {n} companies of the industrial park.", 5, (10, 60)),
    Template("6.2.2", "{county}合同能源管理项目", "{county} energy performance contracting",
             "为{n}家公共机构和企业提供合同能源管理服务。",
             "Energy performance contracts for {n} public buildings and companies.", 1, (10, 80)),
]

PHASES = "〇一二三四五六七八九十"
STAGES = [ProjectStage.PLANNING, ProjectStage.FEASIBILITY, ProjectStage.APPROVED, ProjectStage.UNDER_CONSTRUCTION]
MODES = [CooperationMode.COOPERATION, CooperationMode.JOINT_VENTURE, CooperationMode.SOLE, CooperationMode.EQUITY,
         CooperationMode.PPP]

SURNAMES = [("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
            ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("罗", "Luo"), ("龙", "Long"),
            ("田", "Tian"), ("潘", "Pan"), ("杜", "Du"), ("蒙", "Meng")]
GIVEN = [("文涛", "Wentao"), ("晓燕", "Xiaoyan"), ("建华", "Jianhua"), ("丽娟", "Lijuan"), ("志强", "Zhiqiang"),
         ("海波", "Haibo"), ("雪梅", "Xuemei"), ("明轩", "Mingxuan"), ("子涵", "Zihan"), ("国庆", "Guoqing"),
         ("思远", "Siyuan"), ("春兰", "Chunlan"), ("俊杰", "Junjie"), ("佳怡", "Jiayi"), ("永红", "Yonghong"),
         ("鹏飞", "Pengfei")]

#: Invented names of local companies (two of each city), used with an industry word.
LOCAL_FIRMS = [("青禾", "Qinghe"), ("溪岚", "Xilan"), ("澄源", "Chengyuan"), ("岩松", "Yansong"),
               ("翠岭", "Cuiling"), ("云栖", "Yunqi"), ("黔禾", "Qianhe"), ("筑岚", "Zhulan"),
               ("乌江畔", "Wujiangpan"), ("石桥", "Shiqiao"), ("梵岭", "Fanling"), ("锦屏源", "Jinpingyuan"),
               ("苗岭泉", "Miaolingquan"), ("斗篷山", "Doupengshan"), ("万峰源", "Wanfengyuan"),
               ("北盘", "Beipan"), ("娄山", "Loushan"), ("杜鹃岭", "Dujuanling")]
#: Kinds of local firm, each with the catalogue codes (or their start) of the projects it would own.
FIRM_KINDS = [("新能源有限公司", "New Energy Co., Ltd.", ("3.",)),
              ("环保科技有限公司", "Environmental Technology Co., Ltd.", ("1.5", "1.7", "2.", "5.3", "6.")),
              ("生态农业有限公司", "Ecological Agriculture Co., Ltd.", ("4.", "1.7.7")),
              ("新材料股份有限公司", "New Materials Co., Ltd.", ("1.1.14", "1.4", "2.5", "5.1"))]

#: Invented investors: Chinese names from two syllables and a kind of firm; foreign ones written out.
INVESTOR_SYLLABLES = [("澜", "Lan"), ("晟", "Sheng"), ("岚", "Lan"), ("锦", "Jin"), ("瀚", "Han"), ("融", "Rong"),
                      ("睿", "Rui"), ("泓", "Hong"), ("骏", "Jun"), ("嘉", "Jia"), ("禾", "He"), ("弘", "Hong")]
INVESTOR_SECOND = [("川", "chuan"), ("峰", "feng"), ("泰", "tai"), ("源", "yuan"), ("辰", "chen"), ("宇", "yu"),
                   ("拓", "tuo"), ("穹", "qiong")]
INVESTOR_KINDS = [("绿色产业投资基金", "Green Industry Fund", "3"), ("新能源集团有限公司", "New Energy Group", "3"),
                  ("资本管理有限公司", "Capital Management", "1"),
                  ("环保科技股份有限公司", "Environmental Technology", "1"),
                  ("能源投资有限公司", "Energy Investment", "3"), ("生态农业集团", "Ecological Agriculture Group", "4"),
                  ("基础设施投资有限公司", "Infrastructure Investment", "5"),
                  ("循环经济产业集团", "Circular Economy Group", "2")]
FOREIGN_INVESTORS = [
    ("北峡绿色资本", "Nordvik Green Capital", "SE"), ("阿尔彭罗斯能源伙伴", "Alpenrose Energy Partners", "CH"),
    ("卢门基础设施基金", "Lumen Infrastructure Fund", "SG"),
    ("莱茵塔尔循环科技", "Rheintal Circular Technologies", "DE"),
    ("枫湾清洁能源", "Maple Bay Clean Energy", "CA"), ("奥拉可持续投资", "Aurora Sustainable Investments", "NO"),
    ("南十字星绿色基金", "Southern Cross Green Fund", "AU"), ("湄南河农业创投", "Chao Phraya Agri Ventures", "TH"),
    ("卢瓦尔水务伙伴", "Loire Water Partners", "FR"), ("樱丘环境工程", "Sakuraoka Environmental Engineering", "JP"),
    ("汉江绿色增长基金", "Hangang Green Growth Fund", "KR"), ("海峡储能资本", "Straits Energy Storage Capital", "SG"),
    ("多瑙河绿色基础设施", "Danube Green Infrastructure", "AT"), ("安第斯可再生能源", "Andes Renewables", "CL"),
    ("尼罗河谷农业投资", "Nile Valley Agri Investments", "EG"),
]
FOREIGN_PEOPLE = ["Anna Lindqvist", "Marco Keller", "Priya Raman", "Jonas Weber", "Claire Dubois", "Erik Solberg",
                  "Olivia Grant", "Somchai Wongsa", "Lucie Martin", "Kenji Morita", "Min-jun Park", "Daniel Tan",
                  "Lena Huber", "Camila Rojas", "Omar Haddad", "Sofia Berg", "Thomas Brandt", "Hannah Cole"]
# fmt: on


@dataclass(frozen=True)
class MeetingGridSpec:
    """What the demo's 1:1 meetings should run on: the days, the windows, the slot length, the tables."""

    days: tuple[int, ...]
    windows: tuple[tuple[str, str], ...]
    slot_minutes: int
    tables: int

    def slots(self, edition: Edition) -> list[tuple[str, dt.datetime, dt.datetime]]:
        """``(code, start, end)`` of each slot in the edition's time zone, such as ``("d1-01", 09:00, 09:20)``."""
        result = []
        step = dt.timedelta(minutes=self.slot_minutes)
        for day in self.days:
            date = edition.start_date + dt.timedelta(days=day)
            number = 0
            for first, last in self.windows:
                start = dt.datetime.combine(date, dt.time.fromisoformat(first), tzinfo=edition.tz)
                end = dt.datetime.combine(date, dt.time.fromisoformat(last), tzinfo=edition.tz)
                while start + step <= end:
                    number += 1
                    result.append((f"d{day + 1}-{number:02d}", start, start + step))
                    start += step
        return result


def demo_meeting_grid_spec() -> MeetingGridSpec:
    """The suggested grid for the demo: both days, 20-minute slots 09:00–12:00 and 14:00–17:30, 40 tables.

    The real forum's trade-negotiation zone had far more tables; 40 keep the demo quick to
    schedule while still full enough to show the scheduler's choices (2 × 19 slots × 40 tables).
    """
    return MeetingGridSpec(days=(0, 1), windows=(("09:00", "12:00"), ("14:00", "17:30")), slot_minutes=20, tables=40)


# --- loading ------------------------------------------------------------------


def _count(report, model: type[models.Model], n: int) -> None:
    if n:
        report.created[model._meta.label] += n


def _ensure_organizations(rows: list[tuple[str, str, str, str, str]], report) -> dict[str, Organization]:
    """``(zh, en, kind, country, region)`` rows as demo organizations, keyed by their Chinese name."""
    existing = {
        o.name_zh_hans: o for o in Organization.objects.filter(is_demo=True, name_zh_hans__in=[r[0] for r in rows])
    }
    new = [
        Organization(name_zh_hans=zh, name_en=en, kind=kind, country=country, region=region, is_demo=True)
        for zh, en, kind, country, region in rows
        if zh not in existing
    ]
    Organization.objects.bulk_create(new)
    _count(report, Organization, len(new))
    existing.update({o.name_zh_hans: o for o in new})
    return existing


def _ensure_people(rows: list[dict], report) -> dict[str, Person]:
    """Demo people keyed by slug; each row holds the model's fields."""
    existing = {p.slug: p for p in Person.objects.filter(slug__in=[r["slug"] for r in rows])}
    new = [Person(is_demo=True, **row) for row in rows if row["slug"] not in existing]
    Person.objects.bulk_create(new)
    _count(report, Person, len(new))
    existing.update({p.slug: p for p in new})
    return existing


def _name(rng: random.Random) -> tuple[str, str]:
    surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
    return surname[0] + given[0], f"{surname[1]} {given[1]}"


def load_investment(edition: Edition, *, password: str, report) -> None:
    """Add (or find) the edition's green-investment demo data. Runs inside the loader's transaction."""
    rng = random.Random(SEED)  # noqa: S311 (invented data, not a secret)
    owners, owner_people, places = _owners(rng, report)
    projects = _projects(edition, rng, owners, owner_people, places, report)
    investors, contacts = _investors(rng, report)
    _users(password, contacts[0][0], owner_people[projects[0].owner_id], report)
    _meeting_requests(edition, rng, projects, investors, contacts, owner_people, report)
    _signings(edition, projects, investors, contacts, owner_people, report)


def load_meetings(edition: Edition, *, report) -> None:
    """The negotiation zone's grid, and the accepted requests scheduled, published and partly confirmed.

    Runs after the program's release (people are busy at the sessions they speak at) and
    outside the loader's transaction: each step is a service with its own. A second run
    changes nothing once the meetings exist.
    """
    if Meeting.objects.filter(edition=edition).exists():
        return
    spec = demo_meeting_grid_spec()
    slots = [(start, end) for _code, start, end in spec.slots(edition)]
    meetings.set_up_meeting_grid(edition, tables=spec.tables, slots=slots, actor=None)
    summary = meetings.run_scheduler(edition, actor=None, time_limit=10.0)
    meetings.publish_meetings(edition, actor=None)
    _count(report, Meeting, summary.meetings)
    # About a third confirmed by both sides, as they would be a week before the forum.
    for meeting in Meeting.objects.filter(edition=edition).order_by("pk")[::3]:
        meetings.confirm_meeting(meeting, actor=None)


def _owners(rng: random.Random, report):
    """One investment platform per county and two local companies per city, each with a contact person."""
    rows, places = [], []
    for (city, city_en), counties in PLACES:
        for county, county_en in counties:
            rows.append(
                (
                    f"{county}绿色产业发展投资有限公司",
                    f"{county_en} Green Industry Development and Investment Co., Ltd.",
                    OrganizationKind.ENTERPRISE,
                    "CN",
                    f"贵州省 {city} {county}",
                )
            )
            places.append((city, city_en, county, county_en, rows[-1][0]))
    firms = iter(LOCAL_FIRMS)
    local: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for (city, _city_en), _counties in PLACES:
        for kind_zh, kind_en, codes in rng.sample(FIRM_KINDS, 2):
            firm, firm_en = next(firms)
            rows.append(
                (
                    f"贵州{firm}{kind_zh}",
                    f"Guizhou {firm_en} {kind_en}",
                    OrganizationKind.ENTERPRISE,
                    "CN",
                    f"贵州省 {city}",
                )
            )
            local.setdefault(city, []).append((rows[-1][0], codes))
    organizations = _ensure_organizations(rows, report)
    people_rows = []
    for n, (zh, _en, _kind, _country, _region) in enumerate(rows, start=1):
        name_zh, name_en = _name(rng)
        people_rows.append(
            {
                "slug": f"demo-owner-{n:03d}",
                "name_zh_hans": name_zh,
                "name_en": name_en,
                "organization": organizations[zh],
                "position_zh_hans": "招商部负责人",
                "position_en": "Head of investment promotion",
                "email": f"owner{n:03d}@example.org",
            }
        )
    people = _ensure_people(people_rows, report)
    by_org = {p.organization_id: p for p in people.values()}
    places = [
        (city, city_en, county, county_en, organizations[org], [(organizations[x], codes) for x, codes in local[city]])
        for city, city_en, county, county_en, org in places
    ]
    return organizations, by_org, places


def _amounts(rng: random.Random, sizes: list[int]) -> list[Decimal]:
    """Amounts in yuan, each near its template's size, scaled so they add up to exactly ``PROJECT_TOTAL``."""
    raw = [size * rng.uniform(0.5, 1.6) for size in sizes]
    scale = PROJECT_TOTAL / YI / Decimal(str(sum(raw)))
    step = Decimal("0.01") * YI  # 100万元
    amounts = [max((Decimal(str(r)) * scale).quantize(Decimal("0.01")) * YI, step) for r in raw]
    amounts[0] += PROJECT_TOTAL - sum(amounts)
    return amounts


def _projects(edition, rng, owners, owner_people, places, report) -> list[InvestmentProject]:
    industries = {g.code: g for g in GreenIndustry.objects.filter(code__in={t.industry for t in TEMPLATES})}
    picks = [(rng.choice(TEMPLATES), rng.choice(places)) for _n in range(PROJECT_COUNT)]
    amounts = _amounts(rng, [template.size for template, _place in picks])
    existing = {p.code: p for p in InvestmentProject.objects.filter(edition=edition)}
    new = []
    names: dict[str, int] = {}
    for n, ((template, place), amount) in enumerate(zip(picks, amounts, strict=True), start=1):
        city, _city_en, county, county_en, platform, firms = place
        # A local firm of the right trade owns some of the smaller projects; the county's platform the rest.
        fitting = [firm for firm, codes in firms if template.industry.startswith(codes)]
        owner = rng.choice(fitting) if fitting and template.size < 8 and rng.random() < 0.5 else platform
        capacity = rng.randint(*template.capacity)
        stage, mode = rng.choice(STAGES), rng.choice(MODES)
        code = CODE.format(n)
        name_zh, name_en = template.name_zh.format(county=county), template.name_en.format(county=county_en)
        names[name_zh] = phase = names.get(name_zh, 0) + 1
        if phase > 1:  # the same kind of project in the same county: its next phase
            name_zh, name_en = (
                f"{name_zh}（{PHASES[phase] if phase < len(PHASES) else phase}期）",
                f"{name_en}, phase {phase}",
            )
        if code in existing:
            continue
        contact = owner_people[owner.pk]
        new.append(
            InvestmentProject(
                edition=edition,
                code=code,
                name_zh_hans=name_zh,
                name_en=name_en,
                summary_zh_hans=template.summary_zh.format(n=capacity),
                summary_en=template.summary_en.format(n=capacity),
                province="贵州省",
                city=city,
                county=county,
                industry=industries[template.industry],
                investment_sought=amount,
                currency="CNY",
                cooperation_mode=mode,
                stage=stage,
                owner=owner,
                contact_name=contact.name_zh_hans,
                contact_phone=f"0851-0000{n:04d}",
                contact_email=contact.email,
                is_demo=True,
            )
        )
    InvestmentProject.objects.bulk_create(new)
    _count(report, InvestmentProject, len(new))
    return list(InvestmentProject.objects.filter(edition=edition, code__startswith="GZ2023-").order_by("code"))


def _investors(rng: random.Random, report):
    """About 60 investors (45 Chinese, 15 foreign) with their interests and one or two contact people."""
    rows = []
    chinese = [(a, b, k) for a in INVESTOR_SYLLABLES for b in INVESTOR_SECOND for k in INVESTOR_KINDS]
    for (first, first_en), (second, second_en), (kind_zh, kind_en, industry) in rng.sample(chinese, 45):
        rows.append((f"{first}{second}{kind_zh}", f"{first_en}{second_en} {kind_en}", industry, "CN"))
    for zh, en, country in FOREIGN_INVESTORS:
        rows.append((zh, en, rng.choice("13"), country))
    organizations = _ensure_organizations(
        [(zh, en, OrganizationKind.ENTERPRISE, country, "") for zh, en, _i, country in rows], report
    )
    level3 = {}
    for entry in GreenIndustry.objects.filter(level=3, code__in={t.industry for t in TEMPLATES}):
        level3.setdefault(entry.code.split(".")[0], []).append(entry)
    existing = {i.organization_id: i for i in Investor.objects.filter(organization__in=organizations.values())}
    cities = [city for (city, _en), _counties in PLACES]
    investors, new, interests = [], [], []
    for zh, _en, industry, _country in rows:
        org = organizations[zh]
        ticket_min = rng.choice([1, 2, 3, 5]) * YI
        ticket_max = ticket_min * rng.choice([4, 6, 10])
        entries = rng.sample(level3[industry], min(3, len(level3[industry]))) + rng.sample(level3["5"], 1)
        entries = list(dict.fromkeys(entries))
        regions = ["贵州省"] if rng.random() < 0.3 else rng.sample(cities, rng.randint(1, 3))
        investor = existing.get(org.pk)
        if investor is None:
            investor = Investor(
                organization=org, regions=regions, ticket_min=ticket_min, ticket_max=ticket_max, is_demo=True
            )
            new.append(investor)
            interests.append((investor, entries))
        investors.append(investor)
    Investor.objects.bulk_create(new)
    _count(report, Investor, len(new))
    Through = Investor.industries.through
    Through.objects.bulk_create(Through(investor_id=i.pk, greenindustry_id=e.pk) for i, es in interests for e in es)
    # Contacts: one or two people each; foreigners keep their name in both languages.
    people_rows, wanted = [], []
    foreign = iter(FOREIGN_PEOPLE * 2)
    for n, (investor, (_zh, _en, _industry, country)) in enumerate(zip(investors, rows, strict=True), start=1):
        for k in range(1 + (rng.random() < 0.5)):
            if country == "CN":
                name_zh, name_en = _name(rng)
            else:
                name_zh = name_en = next(foreign)
            slug = f"demo-investor-{n:02d}-{'ab'[k]}"
            people_rows.append(
                {
                    "slug": slug,
                    "name_zh_hans": name_zh,
                    "name_en": name_en,
                    "country": country,
                    "organization": investor.organization,
                    "position_zh_hans": "投资总监",
                    "position_en": "Investment director",
                    "email": f"investor{n:02d}{'ab'[k]}@example.org",
                }
            )
            wanted.append((investor, slug))
    people = _ensure_people(people_rows, report)
    contacts: list[list[Person]] = []
    for investor in investors:
        contacts.append([people[slug] for owner, slug in wanted if owner is investor])
    Through = Investor.contacts.through
    have = set(Through.objects.filter(investor__in=investors).values_list("investor_id", "person_id"))
    links = [Through(investor_id=i.pk, person_id=p.pk) for i, ps in zip(investors, contacts, strict=True) for p in ps]
    links = [link for link in links if (link.investor_id, link.person_id) not in have]
    Through.objects.bulk_create(links)
    if links:
        report.created["investment.Investor.contacts"] += len(links)
    return investors, contacts


def _users(password: str, investor_person: Person, owner_person: Person, report) -> None:
    """``investor`` and ``owner``: the portal accounts of the demo, with the demo's password."""
    User = get_user_model()
    for username, person in ((INVESTOR_USER, investor_person), (OWNER_USER, owner_person)):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create(username=username, email=f"{username}@example.org", is_active=True)
            report.created[User._meta.label] += 1
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        if person.user_id != user.pk:
            Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save(update_fields=["user"])
            report.changed[Person._meta.label] += 1


def _meeting_requests(edition, rng, projects, investors, contacts, owner_people, report) -> None:
    """A few hundred requests between investors and project owners: mostly accepted, some pending or declined."""
    existing = set(MeetingRequest.objects.filter(edition=edition).values_list("investor_id", "project_id"))
    pairs: list[tuple[int, int]] = []
    chosen: set[tuple[int, int]] = set()
    while len(pairs) < MEETING_REQUESTS:
        i, p = rng.randrange(len(investors)), rng.randrange(len(projects))
        if (i, p) not in chosen:
            chosen.add((i, p))
            pairs.append((i, p))
    opens = edition.starts_at
    new = []
    for i, p in pairs:
        investor, project = investors[i], projects[p]
        roll = rng.random()
        status = (
            RequestStatus.ACCEPTED if roll < 0.75 else RequestStatus.PENDING if roll < 0.9 else RequestStatus.DECLINED
        )
        side = RequestSide.INVESTOR if rng.random() < 0.7 else RequestSide.OWNER
        person = rng.choice(contacts[i])
        priority = rng.choice([1, 2, 2, 3])
        answered = None if status == RequestStatus.PENDING else opens - dt.timedelta(days=rng.randint(1, 10))
        if (investor.pk, project.pk) in existing:
            continue
        new.append(
            MeetingRequest(
                edition=edition,
                investor=investor,
                project=project,
                investor_person=person,
                owner_person=owner_people[project.owner_id],
                requested_by=side,
                priority=priority,
                message=f"希望就{project.name_zh_hans}（{project.code}）进一步洽谈。",
                status=status,
                expires_at=opens,
                answered_at=answered,
                answer_note="" if status != RequestStatus.DECLINED else "暂不符合投资方向。",
            )
        )
    MeetingRequest.objects.bulk_create(new)
    _count(report, MeetingRequest, len(new))


#: The ceremony's agreements: (project index or None, kind, amount in 亿元, increment in 亿元, investor index).
#: Counted: 162.5 亿元. Project 5 is signed twice (the framework agreement counts 0); project 4 signs a
#: capital increase (only its 8 亿元 increment counts); two agreements are tied to no project.
SIGNINGS: list[tuple[int | None, str, str, str | None, int]] = [
    (1, SigningKind.NEW, "25", None, 0),
    (2, SigningKind.NEW, "18", None, 45),
    (3, SigningKind.NEW, "15", None, 3),
    (4, SigningKind.CAPITAL_INCREASE, "20", "8", 46),
    (5, SigningKind.NEW, "12", None, 7),
    (6, SigningKind.NEW, "10", None, 9),
    (5, SigningKind.FRAMEWORK, "12", None, 7),
    (7, SigningKind.NEW, "9.5", None, 48),
    (8, SigningKind.NEW, "8", None, 12),
    (9, SigningKind.NEW, "7.2", None, 15),
    (None, SigningKind.STRATEGIC, "20", None, 18),
    (10, SigningKind.NEW, "6", None, 50),
    (11, SigningKind.NEW, "5.5", None, 21),
    (12, SigningKind.NEW, "4.8", None, 24),
    (13, SigningKind.NEW, "4", None, 27),
    (14, SigningKind.NEW, "3.5", None, 52),
    (None, SigningKind.STRATEGIC, "6", None, 30),
]
#: Which of the 220 projects the ceremony signs (by index in code order): spread over the industries.
SIGNED_PROJECTS = [0, 12, 25, 37, 44, 58, 71, 83, 96, 110, 124, 139, 151, 167, 182, 203]
TITLES = {
    SigningKind.NEW: ("{name}投资协议", "Investment agreement: {name}"),
    SigningKind.CAPITAL_INCREASE: ("{name}增资协议", "Capital increase: {name}"),
    SigningKind.FRAMEWORK: ("{name}合作框架协议", "Framework agreement: {name}"),
}
STRATEGIC = [
    (
        "贵州省重大绿色发展项目战略合作协议（{investor}）",
        "Strategic cooperation on Guizhou's major green projects ({investor})",
    ),
    ("绿色低碳产业战略合作协议（{investor}）", "Strategic cooperation on green and low-carbon industry ({investor})"),
]


def _signings(edition, projects, investors, contacts, owner_people, report) -> None:
    ceremony = Session.objects.filter(edition=edition, code=CEREMONY_CODE).first()
    slot = (
        SessionSlot.objects.filter(session=ceremony, release__version__isnull=True, start__isnull=False).first()
        if ceremony is not None
        else None
    )
    start = slot.start if slot is not None and slot.start else edition.starts_at + dt.timedelta(days=1, hours=10)
    existing = set(Signing.objects.filter(edition=edition).values_list("title_zh_hans", "stage_order"))
    strategic = iter(STRATEGIC)
    for order, (project_no, kind, amount, increment, investor_no) in enumerate(SIGNINGS):
        investor = investors[investor_no]
        signatory = contacts[investor_no][0]
        parties: list[Party] = [Party(investor.organization, PartyRole.INVESTOR, signatory.name_zh_hans)]
        project = None
        if project_no is None:
            zh, en = next(strategic)
            title_zh = zh.format(investor=investor.organization.name_zh_hans)
            title_en = en.format(investor=investor.organization.name_en)
        else:
            project = projects[SIGNED_PROJECTS[project_no - 1]]
            zh, en = TITLES[kind]
            title_zh, title_en = zh.format(name=project.name_zh_hans), en.format(name=project.name_en)
            owner = owner_people[project.owner_id]
            parties.append(Party(owner.organization, PartyRole.OWNER, owner.name_zh_hans))
        if (title_zh, order) in existing:
            continue
        record_signing(
            edition,
            actor=None,
            title_zh_hans=title_zh,
            title_en=title_en,
            kind=kind,
            amount=Decimal(amount) * YI,
            increment=Decimal(increment) * YI if increment else None,
            project=project,
            ceremony=ceremony,
            signed_at=start + dt.timedelta(minutes=4 * order),
            stage_order=order,
            parties=parties,
            notes="演示数据 · demo data",
            is_demo=True,
        )
        _count(report, Signing, 1)
