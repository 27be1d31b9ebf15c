"""The exhibition of the 2023 demo edition: halls, zones and booths, exhibitors, launches, field visits.

The seed (the 2023 news release) says: a green innovation products exhibition in six parts —
主宾省展区, 贵州展区, 环保科技企业展区, 国际商品展区, 新品发布区, 贸易洽谈区 — with more than 290
domestic and foreign companies in environmental technology, green energy storage, advanced
equipment, new-energy vehicles and ecological agriculture, among them 9 Fortune Global 500
companies, 21 of China's top 500 and 80 industry leaders; and a set of field-visit
demonstration sites. This module builds that much with invented companies, products and sites
(``is_demo``; any likeness to a real company is unintended).

One seeded random generator plans everything, so every run plans the same rows; rows are keyed
on a code or a slug and only what is missing is written (``bulk_create``), so a second run writes
nothing. The floor plan: two halls of 120 × 80 m, three zones side by side in each, every zone a
row of raw-space islands (6 × 6 to 9 × 12 m) along the wall, then double rows of 3 × 3 m shell
booths in two blocks with 3 m aisles between them; nothing overlaps and everything is inside its
hall. The launches go through ``exhibition.launches.add_launch`` on the launch stage (a room of
the demo venue), so the program's timetable rules hold; they are sessions of the draft, released
with the rest of the program after the loader's transaction.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from ecoforum.exhibition import launches
from ecoforum.exhibition.enums import ApplicationStatus, BoothKind, SignupStatus, StaffRole, ZoneKind
from ecoforum.exhibition.models import (
    Booth,
    BoothApplication,
    Exhibitor,
    ExhibitorStaff,
    Hall,
    Launch,
    Product,
    RouteStop,
    Site,
    VisitRoute,
    VisitSignup,
    Zone,
)
from ecoforum.forums.models import Edition
from ecoforum.investment.models import GreenIndustry
from ecoforum.people.enums import OrganizationKind
from ecoforum.people.models import Organization, Person
from ecoforum.program.models import Room, Venue

from . import login as demo_login

SEED = 20230708
EXHIBITOR_USER = demo_login.EXHIBITOR
HALL_WIDTH, HALL_DEPTH = Decimal(120), Decimal(80)
SHELL = Decimal(3)
SHELL_PRICE = Decimal("12800")  # CNY for a 9 m² shell booth
RAW_PRICE_PER_M2 = Decimal("900")
STAGE = ("新品发布区 Launch stage", "Launch stage", 150)

HALLS = [("1", "1号馆", "Hall 1"), ("2", "2号馆", "Hall 2")]


@dataclass(frozen=True)
class ZoneSpec:
    code: str
    kind: str
    hall: str
    band: int  # 0, 1, 2: which third of the hall
    zh: str
    en: str
    colour: str
    description_zh: str
    description_en: str
    row_pairs: int  # double rows of shell booths
    islands: tuple[tuple[int, int, bool], ...]  # (width, depth, blocked)


ZONES = [
    ZoneSpec(
        "GP",
        ZoneKind.GUEST_PROVINCE,
        "1",
        0,
        "主宾省展区",
        "Guest-of-honour province",
        "#c0504d",
        "主宾省浙江的绿色低碳发展成果与企业。",
        "The guest-of-honour province, Zhejiang: its green, low-carbon development and companies.",
        3,
        ((9, 9, False), (6, 6, False), (6, 9, False)),
    ),
    ZoneSpec(
        "GZ",
        ZoneKind.HOST_PROVINCE,
        "1",
        1,
        "贵州展区",
        "Guizhou",
        "#2e7d4f",
        "贵州各市州的生态产品、绿色产业与国家生态文明试验区建设成果。",
        "Guizhou's cities and prefectures: "
        "ecological products, green industries and the national ecological civilization pilot zone.",
        3,
        ((9, 12, False), (9, 9, False), (6, 6, False)),
    ),
    ZoneSpec(
        "ET",
        ZoneKind.TECHNOLOGY,
        "1",
        2,
        "环保科技企业展区",
        "Environmental technology companies",
        "#1f6fb2",
        "新能源、储能、节能环保装备与循环利用技术。",
        "New energy, storage, energy-saving and environmental equipment, recycling technologies.",
        3,
        ((9, 12, False), (9, 9, False), (6, 9, False)),
    ),
    ZoneSpec(
        "IN",
        ZoneKind.INTERNATIONAL,
        "2",
        0,
        "国际商品展区",
        "International products",
        "#7b4fa0",
        "国外企业的绿色产品与技术。",
        "Green products and technologies of companies from abroad.",
        3,
        ((9, 9, False), (6, 6, False)),
    ),
    ZoneSpec(
        "NP",
        ZoneKind.LAUNCH,
        "2",
        1,
        "新品发布区",
        "Product launches",
        "#e08a1e",
        "新品发布台与首发产品展台。",
        "The launch stage and the booths of products shown for the first time.",
        1,
        ((9, 12, True), (9, 9, False), (6, 6, False)),
    ),
    ZoneSpec(
        "TR",
        ZoneKind.TRADE,
        "2",
        2,
        "贸易洽谈区",
        "Trade negotiation",
        "#5a6b7b",
        "采购对接与贸易洽谈。",
        "Buyers and sellers meet: procurement and trade talks.",
        1,
        ((9, 12, True), (6, 6, False)),
    ),
]

#: Industries of the exhibitors: (zh, en, catalogue codes, products as (zh, en, description zh, description en)).
INDUSTRIES = [
    (
        "新能源",
        "New Energy",
        ["3.2.2", "3.2.1"],
        [
            (
                "高效单晶光伏组件",
                "High-efficiency monocrystalline PV module",
                "转换效率23%以上的光伏组件。",
                "PV modules converting more than 23% of sunlight.",
            ),
            (
                "山地风电机组",
                "Upland wind turbine",
                "适用于高海拔山地的低风速风电机组。",
                "A low-wind-speed turbine for high upland sites.",
            ),
            (
                "农光互补支架系统",
                "Agrivoltaic mounting system",
                "兼顾农业种植的高位光伏支架。",
                "Raised PV mounts that leave the field below to crops.",
            ),
        ],
    ),
    (
        "储能",
        "Energy Storage",
        ["3.4.2"],
        [
            (
                "液冷储能电池柜",
                "Liquid-cooled battery cabinet",
                "215千瓦时液冷储能系统。",
                "A 215 kWh liquid-cooled storage system.",
            ),
            ("全钒液流电池", "Vanadium flow battery", "长时储能液流电池模块。", "A long-duration flow battery module."),
            ("户用储能一体机", "Home storage unit", "家庭光储一体化设备。", "Solar-plus-storage for a household."),
        ],
    ),
    (
        "装备",
        "Equipment",
        ["1.1.1", "1.1.3", "1.2.1"],
        [
            (
                "高效节能锅炉",
                "High-efficiency boiler",
                "热效率95%的低氮燃气锅炉。",
                "A low-NOx gas boiler with 95% efficiency.",
            ),
            (
                "永磁变频水泵",
                "Permanent-magnet variable-speed pump",
                "节电30%的变频水泵。",
                "A pump that saves 30% of power.",
            ),
            (
                "一体化污水处理设备",
                "Packaged sewage treatment unit",
                "适用于乡镇的一体化污水处理设备。",
                "A packaged sewage plant for towns and villages.",
            ),
        ],
    ),
    (
        "新能源汽车",
        "New Energy Vehicles",
        ["1.4.1", "1.4.2"],
        [
            (
                "纯电动城市客车",
                "Battery-electric city bus",
                "续航400公里的12米纯电动客车。",
                "A 12 m electric bus with 400 km range.",
            ),
            ("大功率液冷充电桩", "High-power liquid-cooled charger", "480千瓦超级充电桩。", "A 480 kW fast charger."),
            ("换电站", "Battery-swap station", "3分钟完成换电的乘用车换电站。", "A battery swap in three minutes."),
        ],
    ),
    (
        "生态农业",
        "Ecological Agriculture",
        ["4.1.2", "4.1.5"],
        [
            (
                "有机绿茶",
                "Organic green tea",
                "高海拔有机茶园的明前绿茶。",
                "Early-spring tea from high organic gardens.",
            ),
            (
                "林下天麻",
                "Under-forest gastrodia",
                "林下仿野生种植的天麻。",
                "Gastrodia grown wild-style under forest.",
            ),
            (
                "刺梨原汁",
                "Rosa roxburghii juice",
                "富含维生素C的刺梨原汁。",
                "Juice of the chestnut rose, rich in vitamin C.",
            ),
        ],
    ),
    (
        "环保科技",
        "Environmental Technology",
        ["5.3.1", "5.3.2"],
        [
            (
                "MBR膜组件",
                "MBR membrane module",
                "用于污水深度处理的膜生物反应器组件。",
                "Membrane bioreactor modules for advanced sewage treatment.",
            ),
            (
                "智能垃圾分选线",
                "Smart waste sorting line",
                "基于机器视觉的垃圾分选设备。",
                "Waste sorting by machine vision.",
            ),
            ("污泥干化设备", "Sludge dryer", "低温余热污泥干化设备。", "Sludge drying with low-grade waste heat."),
        ],
    ),
    (
        "循环科技",
        "Recycling",
        ["1.7.2"],
        [
            (
                "动力电池回收线",
                "Traction battery recycling line",
                "废旧动力电池自动拆解线。",
                "Automatic dismantling of used traction batteries.",
            ),
            ("再生铝锭", "Recycled aluminium ingot", "以废铝为原料的再生铝锭。", "Ingots made from scrap aluminium."),
        ],
    ),
    (
        "氢能",
        "Hydrogen",
        ["3.2.9"],
        [
            ("PEM电解槽", "PEM electrolyser", "兆瓦级质子交换膜电解水制氢设备。", "A megawatt PEM electrolyser."),
            (
                "氢燃料电池系统",
                "Hydrogen fuel cell system",
                "110千瓦车用燃料电池系统。",
                "A 110 kW fuel cell for vehicles.",
            ),
        ],
    ),
    (
        "绿色建材",
        "Green Building Materials",
        ["1.1.14"],
        [
            (
                "磷石膏轻质墙板",
                "Phosphogypsum wallboard",
                "以磷石膏为原料的轻质墙板。",
                "Light wallboard made of phosphogypsum.",
            ),
            ("光伏建筑一体化幕墙", "BIPV curtain wall", "发电幕墙玻璃。", "Curtain-wall glass that makes power."),
        ],
    ),
    (
        "节能服务",
        "Energy Services",
        ["6.2.2", "1.5.3"],
        [
            (
                "合同能源管理平台",
                "Energy performance contracting platform",
                "公共建筑能耗监测与节能托管。",
                "Energy monitoring and savings management for public buildings.",
            ),
            ("余热回收机组", "Waste heat recovery unit", "工业余热回收发电机组。", "Power from industrial waste heat."),
        ],
    ),
]

#: Invented company name stems: (zh, en).
STEMS = [
    ("青禾", "Qinghe"),
    ("溪岚", "Xilan"),
    ("澄源", "Chengyuan"),
    ("岩松", "Yansong"),
    ("翠岭", "Cuiling"),
    ("云栖", "Yunqi"),
    ("黔禾", "Qianhe"),
    ("筑岚", "Zhulan"),
    ("清泉", "Qingquan"),
    ("碧川", "Bichuan"),
    ("绿谷", "Lügu"),
    ("远航", "Yuanhang"),
    ("恒昇", "Hengsheng"),
    ("华澜", "Hualan"),
    ("鼎泰", "Dingtai"),
    ("晨光", "Chenguang"),
    ("启明", "Qiming"),
    ("山海", "Shanhai"),
    ("天禾", "Tianhe"),
    ("睿能", "Ruineng"),
    ("拓远", "Tuoyuan"),
    ("新澄", "Xincheng"),
    ("博远", "Boyuan"),
    ("润泽", "Runze"),
    ("嘉禾", "Jiahe"),
    ("凌云", "Lingyun"),
    ("瑞丰", "Ruifeng"),
    ("宏川", "Hongchuan"),
    ("森源", "Senyuan"),
    ("景行", "Jingxing"),
    ("安澜", "Anlan"),
    ("泓德", "Hongde"),
    ("朗坤", "Langkun"),
    ("和光", "Heguang"),
    ("驰远", "Chiyuan"),
    ("永清", "Yongqing"),
    ("苍梧", "Cangwu"),
    ("望岳", "Wangyue"),
    ("融和", "Ronghe"),
    ("致远", "Zhiyuan"),
]

#: (zh, en, region, city) of Chinese provinces outside Guizhou.
PROVINCES = [
    ("江苏省", "Jiangsu", "南京市", "Nanjing"),
    ("广东省", "Guangdong", "深圳市", "Shenzhen"),
    ("上海市", "Shanghai", "上海市", "Shanghai"),
    ("北京市", "Beijing", "北京市", "Beijing"),
    ("四川省", "Sichuan", "成都市", "Chengdu"),
    ("湖南省", "Hunan", "长沙市", "Changsha"),
    ("山东省", "Shandong", "青岛市", "Qingdao"),
    ("福建省", "Fujian", "厦门市", "Xiamen"),
    ("湖北省", "Hubei", "武汉市", "Wuhan"),
    ("重庆市", "Chongqing", "重庆市", "Chongqing"),
    ("云南省", "Yunnan", "昆明市", "Kunming"),
    ("安徽省", "Anhui", "合肥市", "Hefei"),
]
GUEST = (
    "浙江省",
    "Zhejiang",
    [("杭州市", "Hangzhou"), ("宁波市", "Ningbo"), ("湖州市", "Huzhou"), ("温州市", "Wenzhou")],
)
GUIZHOU = [
    ("贵阳市", "Guiyang"),
    ("遵义市", "Zunyi"),
    ("六盘水市", "Liupanshui"),
    ("安顺市", "Anshun"),
    ("毕节市", "Bijie"),
    ("铜仁市", "Tongren"),
    ("凯里市", "Kaili"),
    ("都匀市", "Duyun"),
    ("兴义市", "Xingyi"),
]
#: (country, zh stem, en stem, legal form)
FOREIGN = [
    ("DE", "北森", "Nordsen", "GmbH"),
    ("DE", "莱茵韦尔", "Rheinwerk", "AG"),
    ("FR", "蔚蓝", "Azurelle", "SAS"),
    ("JP", "青山", "Aoyama", "K.K."),
    ("KR", "韩光", "Hangwang", "Co., Ltd."),
    ("SG", "星洲", "Merlion", "Pte. Ltd."),
    ("GB", "格林菲尔德", "Greenfield", "Ltd."),
    ("US", "蓝岭", "Blue Ridge", "Inc."),
    ("DK", "维斯特", "Vestby", "A/S"),
    ("NL", "德尔塔", "Deltavaart", "B.V."),
    ("SE", "北极光", "Norrsken", "AB"),
    ("IT", "阿尔卑", "Alpina", "S.p.A."),
    ("CH", "瑞峰", "Bergli", "AG"),
    ("AU", "南十字", "Southern Cross", "Pty Ltd"),
    ("CA", "枫叶", "Mapleton", "Inc."),
    ("NO", "峡湾", "Fjordkraft", "AS"),
    ("FI", "苏奥米", "Suomen", "Oy"),
    ("MY", "马来绿", "Hijau", "Sdn. Bhd."),
    ("TH", "暹罗", "Siam Green", "Co., Ltd."),
    ("LA", "澜湄", "Mekong Green", "Co., Ltd."),
]

#: (slug, zh, en, demonstrates zh, demonstrates en, address, latitude, longitude)
SITES = [
    (
        "huaxi-eco-demonstration",
        "贵阳市花溪区生态文明示范点",
        "Huaxi ecological civilization demonstration site",
        "城市湿地公园与十里河滩的生态修复、海绵城市建设和乡村旅游。",
        "Ecological restoration of an urban wetland and river beach, sponge-city works and rural tourism.",
        "贵州省贵阳市花溪区",
        Decimal("26.410000"),
        Decimal("106.670000"),
    ),
    (
        "anshun-rocky-desertification",
        "安顺石漠化综合治理示范区",
        "Anshun rocky desertification control area",
        "喀斯特石漠化综合治理：坡改梯、经济林与水土保持技术体系。",
        "Control of karst rocky desertification: terraces, fruit and nut trees, soil and water conservation.",
        "贵州省安顺市关岭县",
        Decimal("25.944000"),
        Decimal("105.622000"),
    ),
    (
        "guizhou-green-data-centre",
        "贵州省绿色数据中心",
        "Guizhou green data centre",
        "利用山洞自然冷源与清洁电力的绿色数据中心，PUE低于1.2。",
        "A data centre cooled by a mountain cave's air and run on clean power, with a PUE below 1.2.",
        "贵州省贵安新区",
        Decimal("26.379000"),
        Decimal("106.318000"),
    ),
    (
        "wudang-agrivoltaic",
        "乌当区农光互补示范基地",
        "Wudang agrivoltaic demonstration base",
        "光伏板下种植食用菌与蔬菜，发电与农业双收益。",
        "Mushrooms and vegetables grown under solar panels: power and crops from one field.",
        "贵州省贵阳市乌当区",
        Decimal("26.630000"),
        Decimal("106.750000"),
    ),
    (
        "qingzhen-circular-park",
        "清镇循环经济示范园",
        "Qingzhen circular economy park",
        "铝工业固废与磷石膏的综合利用、园区循环化改造。",
        "Reuse of aluminium-industry waste and phosphogypsum; circular links between the park's plants.",
        "贵州省贵阳市清镇市",
        Decimal("26.556000"),
        Decimal("106.470000"),
    ),
]

#: (code, zh, en, day, depart hh:mm, hours, seats, meeting point zh, en, site slugs)
ROUTES = [
    (
        "V1",
        "花溪生态修复考察线",
        "Huaxi ecological restoration route",
        0,
        "14:00",
        4,
        45,
        "贵阳国际生态会议中心北广场",
        "North square, Guiyang International Eco-Conference Center",
        ["huaxi-eco-demonstration", "wudang-agrivoltaic"],
    ),
    (
        "V2",
        "石漠化治理考察线",
        "Rocky desertification control route",
        1,
        "08:00",
        10,
        40,
        "贵阳国际生态会议中心北广场",
        "North square, Guiyang International Eco-Conference Center",
        ["anshun-rocky-desertification"],
    ),
    (
        "V3",
        "绿色数据与循环经济考察线",
        "Green data and circular economy route",
        2,
        "09:00",
        7,
        30,
        "贵阳国际生态会议中心东门",
        "East gate, Guiyang International Eco-Conference Center",
        ["guizhou-green-data-centre", "qingzhen-circular-park"],
    ),
]

#: (code, exhibitor index in the launch zone, zh, en, day, start, end)
LAUNCHES = [
    ("LAUNCH-DEMO-1", 0, "液冷储能系统新品发布", "Launch of a liquid-cooled storage system", 0, "14:00", "14:40"),
    ("LAUNCH-DEMO-2", 1, "山地风电机组全球首发", "World premiere of an upland wind turbine", 0, "15:00", "15:40"),
    ("LAUNCH-DEMO-3", 2, "氢燃料电池系统发布", "Launch of a hydrogen fuel cell system", 1, "10:00", "10:40"),
]

#: How many exhibitors each zone has on site (the rest exhibit online only).
PER_ZONE = {"GP": 50, "GZ": 64, "ET": 62, "IN": 50, "NP": 18, "TR": 20}
ONLINE_ONLY = 30
WAITLISTED = {"GP": 2, "GZ": 3, "ET": 4, "IN": 1}


# --- the plan (pure: the same every run) --------------------------------------------------------


@dataclass
class BoothPlan:
    code: str
    zone: str
    kind: str
    x: Decimal
    y: Decimal
    width: Decimal
    depth: Decimal
    blocked: bool = False

    @property
    def area(self) -> Decimal:
        return self.width * self.depth


@dataclass
class ExhibitorPlan:
    slug: str
    zh: str
    en: str
    country: str
    region: str
    city: str
    industry: int
    zone: str | None  # None: online only
    fortune: bool = False
    top500: bool = False
    leader: bool = False
    products: list[tuple[str, str, str, str, bool]] = field(default_factory=list)


def plan_booths() -> list[BoothPlan]:
    """Three zones side by side in each hall (bands of 40 m, 2 m from the walls): a row of islands,
    a 3 m aisle, then double rows of shell booths in two blocks of five, with 3 m aisles."""
    booths: list[BoothPlan] = []
    for spec in ZONES:
        x0 = Decimal(40 * spec.band + 2)
        x = x0
        for n, (width, depth, blocked) in enumerate(spec.islands, start=1):
            booths.append(
                BoothPlan(
                    f"{spec.code}-R{n}",
                    spec.code,
                    BoothKind.RAW,
                    x,
                    Decimal(3),
                    Decimal(width),
                    Decimal(depth),
                    blocked,
                )
            )
            x += Decimal(width + 3)
        n = 0
        for pair in range(spec.row_pairs):
            y_pair = Decimal(18 + 9 * pair)
            for row in range(2):
                y = y_pair + SHELL * row
                for block in range(2):
                    for i in range(5):
                        n += 1
                        bx = x0 + Decimal(18 * block) + SHELL * i
                        booths.append(
                            BoothPlan(f"{spec.code}-{n:03d}", spec.code, BoothKind.SHELL, bx, y, SHELL, SHELL)
                        )
    return booths


def _company(rng: random.Random, used: set[str], industry: int) -> tuple[str, str]:
    ind_zh, ind_en = INDUSTRIES[industry][0], INDUSTRIES[industry][1]
    while True:
        stem_zh, stem_en = rng.choice(STEMS)
        zh = f"{stem_zh}{ind_zh}科技有限公司"
        if zh not in used:
            used.add(zh)
            return zh, f"{stem_en} {ind_en} Technology Co., Ltd."
        # A second company of the same stem and industry: name it after a place.
        place_zh, place_en = rng.choice(GUIZHOU + [(p[2], p[3]) for p in PROVINCES])
        zh = f"{place_zh[:2]}{stem_zh}{ind_zh}有限公司"
        if zh not in used:
            used.add(zh)
            return zh, f"{place_en} {stem_en} {ind_en} Co., Ltd."


def plan_exhibitors() -> list[ExhibitorPlan]:
    rng = random.Random(SEED)  # noqa: S311 (invented data, not a secret)
    used: set[str] = set()
    plans: list[ExhibitorPlan] = []
    foreign_used: set[str] = set()

    def add(zone: str | None, kind: str) -> None:
        industry = rng.randrange(len(INDUSTRIES))
        if zone == "NP":
            industry = [1, 0, 7][len([p for p in plans if p.zone == "NP"]) % 3]
        if kind == "foreign":
            country, stem_zh, stem_en, form = rng.choice(FOREIGN)
            ind_zh, ind_en = INDUSTRIES[industry][0], INDUSTRIES[industry][1]
            zh, en = f"{stem_zh}{ind_zh}有限公司", f"{stem_en} {ind_en} {form}"
            k = 2
            while zh in foreign_used:
                zh, en = f"{stem_zh}{ind_zh}（第{k}）有限公司", f"{stem_en} {ind_en} {k} {form}"
                k += 1
            foreign_used.add(zh)
            region, city = "", ""
        else:
            zh, en = _company(rng, used, industry)
            country = "CN"
            if kind == "guest":
                region, (city, _city_en) = GUEST[0], rng.choice(GUEST[2])
            elif kind == "guizhou":
                region, (city, _city_en) = "贵州省", rng.choice(GUIZHOU)
            else:
                province = rng.choice(PROVINCES)
                region, city = province[0], province[2]
        plans.append(
            ExhibitorPlan(
                slug=f"ex{len(plans) + 1:03d}-{slugify(en)[:50].strip('-')}",
                zh=zh,
                en=en,
                country=country,
                region=region,
                city=city,
                industry=industry,
                zone=zone,
            )
        )

    for code, count in PER_ZONE.items():
        kind = {"GP": "guest", "GZ": "guizhou", "IN": "foreign"}.get(code, "china")
        for i in range(count):
            add(code, "foreign" if code == "TR" and i % 4 == 0 else kind)
    for i in range(ONLINE_ONLY):
        add(None, "foreign" if i % 3 == 0 else "china")

    # The seed's tags: 9 Fortune Global 500, 21 China Top 500, 80 industry leaders (each company one tag).
    order = list(range(len(plans)))
    rng.shuffle(order)
    foreign = [i for i in order if plans[i].country != "CN"]
    chinese = [i for i in order if plans[i].country == "CN"]
    fortune = foreign[:4] + chinese[:5]
    top500 = chinese[5:26]
    tagged = set(fortune) | set(top500)
    leaders = [i for i in order if i not in tagged][:80]
    for i in fortune:
        plans[i].fortune = True
    for i in top500:
        plans[i].top500 = True
    for i in leaders:
        plans[i].leader = True

    for plan in plans:
        choices = INDUSTRIES[plan.industry][3]
        count = rng.randint(1, min(3, len(choices)))
        for zh, en, dzh, den in rng.sample(choices, count):
            plan.products.append((zh, en, dzh, den, plan.zone == "NP" or rng.random() < 0.15))
    return plans


# --- loading ------------------------------------------------------------------------------------


def _count(report, model, n: int) -> None:
    if n:
        report.created[model._meta.label] += n


def load_exhibition(edition: Edition, *, password: str, report) -> None:
    """Add (or find) the edition's exhibition demo data. Runs inside the loader's transaction."""
    booth_plans = plan_booths()
    exhibitor_plans = plan_exhibitors()
    zones = _halls_and_zones(edition, report)
    booths = _booths(edition, zones, booth_plans, report)
    exhibitors = _exhibitors(edition, exhibitor_plans, report)
    _applications(edition, zones, booths, booth_plans, exhibitors, exhibitor_plans, report)
    _manager(exhibitors[exhibitor_plans[PER_ZONE["GP"]].slug], password, report)
    _launches(edition, exhibitors, exhibitor_plans, report)
    _visits(edition, report)


def _halls_and_zones(edition: Edition, report) -> dict[str, Zone]:
    from .loader import upsert

    halls = {
        code: upsert(
            Hall,
            report,
            {"edition": edition, "code": code},
            {"name_zh_hans": zh, "name_en": en, "width": HALL_WIDTH, "depth": HALL_DEPTH, "order": order},
        )
        for order, (code, zh, en) in enumerate(HALLS)
    }
    return {
        spec.code: upsert(
            Zone,
            report,
            {"edition": edition, "code": spec.code},
            {
                "hall": halls[spec.hall],
                "kind": spec.kind,
                "name_zh_hans": spec.zh,
                "name_en": spec.en,
                "description_zh_hans": spec.description_zh,
                "description_en": spec.description_en,
                "colour": spec.colour,
                "order": order,
            },
        )
        for order, spec in enumerate(ZONES)
    }


def _booths(edition, zones, plans: list[BoothPlan], report) -> dict[str, Booth]:
    existing = {b.code: b for b in Booth.objects.filter(edition=edition)}
    new = [
        Booth(
            edition=edition,
            zone=zones[p.zone],
            code=p.code,
            kind=p.kind,
            area=p.area,
            price=SHELL_PRICE if p.kind == BoothKind.SHELL else p.area * RAW_PRICE_PER_M2,
            currency="CNY",
            x=p.x,
            y=p.y,
            width=p.width,
            depth=p.depth,
            is_blocked=p.blocked,
        )
        for p in plans
        if p.code not in existing
    ]
    Booth.objects.bulk_create(new)
    _count(report, Booth, len(new))
    existing.update({b.code: b for b in new})
    return existing


def _exhibitors(edition, plans: list[ExhibitorPlan], report) -> dict[str, Exhibitor]:
    existing = {e.slug: e for e in Exhibitor.objects.filter(edition=edition)}
    missing = [p for p in plans if p.slug not in existing]
    if not missing:
        return existing
    organizations = {
        o.name_zh_hans: o for o in Organization.objects.filter(is_demo=True, name_zh_hans__in=[p.zh for p in missing])
    }
    new_orgs = [
        Organization(
            name_zh_hans=p.zh,
            name_en=p.en,
            kind=OrganizationKind.ENTERPRISE,
            country=p.country,
            region=p.region,
            is_demo=True,
        )
        for p in missing
        if p.zh not in organizations
    ]
    Organization.objects.bulk_create(new_orgs)
    _count(report, Organization, len(new_orgs))
    organizations.update({o.name_zh_hans: o for o in new_orgs})
    new = [
        Exhibitor(
            edition=edition,
            organization=organizations[p.zh],
            slug=p.slug,
            name_zh_hans=p.zh,
            name_en=p.en,
            description_zh_hans=f"{p.zh}专注于{INDUSTRIES[p.industry][0]}领域的绿色产品与服务（虚构企业，仅用于演示）。",
            description_en=(
                f"{p.en} works on green products and services in {INDUSTRIES[p.industry][1].lower()} "
                "(a fictional company for the demonstration)."
            ),
            country=p.country,
            region=p.region,
            city=p.city,
            is_fortune_global_500=p.fortune,
            is_china_top_500=p.top500,
            is_industry_leader=p.leader,
            exhibits_online=p.zone is None or p.industry % 2 == 0,
            exhibits_on_site=p.zone is not None,
            badge_quota=8 if p.fortune or p.top500 else 5,
            is_demo=True,
        )
        for p in missing
    ]
    Exhibitor.objects.bulk_create(new)
    _count(report, Exhibitor, len(new))
    catalogue = {g.code: g for g in GreenIndustry.objects.filter(code__in=[c for ind in INDUSTRIES for c in ind[2]])}
    Through = Exhibitor.industries.through
    by_slug = {e.slug: e for e in new}
    Through.objects.bulk_create(
        Through(exhibitor_id=by_slug[p.slug].pk, greenindustry_id=catalogue[code].pk)
        for p in missing
        for code in INDUSTRIES[p.industry][2]
        if code in catalogue
    )
    products = [
        Product(
            exhibitor=by_slug[p.slug],
            name_zh_hans=zh,
            name_en=en,
            description_zh_hans=dzh,
            description_en=den,
            industry=catalogue.get(INDUSTRIES[p.industry][2][0]),
            is_new=is_new,
            order=i,
        )
        for p in missing
        for i, (zh, en, dzh, den, is_new) in enumerate(p.products)
    ]
    Product.objects.bulk_create(products)
    _count(report, Product, len(products))
    existing.update(by_slug)
    return existing


def _applications(edition, zones, booths, booth_plans, exhibitors, plans, report) -> None:
    """Most on-site exhibitors hold a booth (confirmed, some only reserved); a few wait for one."""
    have = set(BoothApplication.objects.filter(edition=edition).values_list("exhibitor__slug", flat=True))
    free: dict[str, list[BoothPlan]] = {}
    for p in booth_plans:
        if not p.blocked:
            free.setdefault(p.zone, []).append(p)
    decided = dt.datetime.combine(edition.start_date - dt.timedelta(days=20), dt.time(10), tzinfo=edition.tz)
    new = []
    for zone_code in PER_ZONE:
        members = [p for p in plans if p.zone == zone_code]
        waiting = WAITLISTED.get(zone_code, 0)
        # The first exhibitors of a zone (by plan) get the islands, the rest shell booths.
        places = free[zone_code]
        for n, plan in enumerate(members):
            if plan.slug in have:
                continue
            exhibitor = exhibitors[plan.slug]
            if n >= len(members) - waiting or n >= len(places):
                new.append(
                    BoothApplication(
                        edition=edition,
                        exhibitor=exhibitor,
                        zone=zones[zone_code],
                        kind=BoothKind.SHELL,
                        area=Decimal(9),
                        status=ApplicationStatus.WAITLISTED,
                        note="展位已满，排队等候。 Waiting for a booth.",
                    )
                )
                continue
            booth = booths[places[n].code]
            new.append(
                BoothApplication(
                    edition=edition,
                    exhibitor=exhibitor,
                    zone=zones[zone_code],
                    kind=booth.kind,
                    area=booth.area,
                    status=ApplicationStatus.RESERVED if n % 7 == 3 else ApplicationStatus.CONFIRMED,
                    booth=booth,
                    decided=decided,
                )
            )
    BoothApplication.objects.bulk_create(new)
    _count(report, BoothApplication, len(new))


def _manager(exhibitor: Exhibitor, password: str, report) -> None:
    """``exhibitor``: the exhibitor portal's demo account, manager of a Guizhou exhibitor."""
    User = get_user_model()
    user = User.objects.filter(username=EXHIBITOR_USER).first()
    if user is None:
        user = User.objects.create(username=EXHIBITOR_USER, email=f"{EXHIBITOR_USER}@example.org", is_active=True)
        _count(report, User, 1)
    if not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
    person = Person.objects.filter(slug="demo-exhibitor-manager").first()
    if person is None:
        person = Person.objects.create(
            slug="demo-exhibitor-manager",
            name_zh_hans="龙晓燕",
            name_en="Long Xiaoyan",
            country="CN",
            organization=exhibitor.organization,
            position_zh_hans="市场总监",
            position_en="Marketing director",
            email=f"{EXHIBITOR_USER}@example.org",
            is_demo=True,
        )
        _count(report, Person, 1)
    if person.user_id != user.pk:
        Person.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
        person.user = user
        person.save(update_fields=["user"])
    if not ExhibitorStaff.objects.filter(exhibitor=exhibitor, person=person).exists():
        ExhibitorStaff.objects.create(exhibitor=exhibitor, person=person, role=StaffRole.MANAGER)
        _count(report, ExhibitorStaff, 1)


def _stage(edition: Edition, report) -> Room:
    from .loader import upsert

    venue = Venue.objects.filter(edition=edition).order_by("pk").first()
    assert venue is not None, "the loader makes the venue first"
    zh, en, seats = STAGE
    return upsert(Room, report, {"venue": venue, "name_zh_hans": zh}, {"name_en": en, "capacity": seats, "order": 50})


def _launches(edition: Edition, exhibitors, plans, report) -> None:
    from .loader import local

    stage = _stage(edition, report)
    have = set(Launch.objects.filter(session__edition=edition).values_list("session__code", flat=True))
    in_zone = [p for p in plans if p.zone == "NP"]
    for code, index, zh, en, day, start, end in LAUNCHES:
        if code in have:
            continue
        exhibitor = exhibitors[in_zone[index].slug]
        launches.add_launch(
            exhibitor,
            code=code,
            title_zh_hans=zh,
            title_en=en,
            abstract_zh_hans=f"{exhibitor.name_zh_hans}在新品发布区发布新产品。",
            abstract_en=f"{exhibitor.name_en} presents its new products on the launch stage.",
            room=stage,
            starts_at=local(edition, day, start),
            ends_at=local(edition, day, end),
            products=list(exhibitor.products.filter(is_new=True)),
            actor=None,
        )
        _count(report, Launch, 1)


def _visits(edition: Edition, report) -> None:
    from .loader import local, upsert

    sites = {
        slug: upsert(
            Site,
            report,
            {"edition": edition, "slug": slug},
            {
                "name_zh_hans": zh,
                "name_en": en,
                "demonstrates_zh_hans": dzh,
                "demonstrates_en": den,
                "address": address,
                "latitude": lat,
                "longitude": lon,
                "is_demo": True,
            },
        )
        for slug, zh, en, dzh, den, address, lat, lon in SITES
    }
    for code, zh, en, day, start, hours, seats, meet_zh, meet_en, stops in ROUTES:
        departs = local(edition, day, start)
        route = upsert(
            VisitRoute,
            report,
            {"edition": edition, "code": code},
            {
                "name_zh_hans": zh,
                "name_en": en,
                "departs_at": departs,
                "returns_at": departs + dt.timedelta(hours=hours),
                "capacity": seats,
                "meeting_point_zh_hans": meet_zh,
                "meeting_point_en": meet_en,
            },
        )
        if list(route.stops.order_by("order").values_list("site__slug", flat=True)) != stops:
            RouteStop.objects.filter(route=route).delete()
            RouteStop.objects.bulk_create(
                RouteStop(route=route, site=sites[slug], order=i) for i, slug in enumerate(stops)
            )
            _count(report, RouteStop, len(stops))
        _signups(route, report)


def _signups(route: VisitRoute, report) -> None:
    """A few guests already on each route (the demo's experts), so the manifests have names."""
    if VisitSignup.objects.filter(route=route).exists():
        return
    people = list(Person.objects.filter(is_demo=True, expert_profile__isnull=False).order_by("slug"))
    offset = {"V1": 0, "V2": 12, "V3": 24}.get(route.code, 0)
    chosen = people[offset : offset + min(12, route.capacity)]
    VisitSignup.objects.bulk_create(VisitSignup(route=route, person=p, status=SignupStatus.REGISTERED) for p in chosen)
    _count(report, VisitSignup, len(chosen))
