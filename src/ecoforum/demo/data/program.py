"""The program of the demo edition: 17 theme forums in 4 sections, the ceremonies, releases and signing.

A session's people are written ``"moderator, speaker, speaker …"`` (person slugs); the
planner (``demo.planner``) finds a hall and a time for every theme-forum session so
that no hall and no person is in two places at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LIVE = "https://live.example.org/efg2023/"

#: Kinds of the ordinary theme-forum sessions: (session kind, role of the others, title zh-hans, title en)
SESSION_TEMPLATES = {
    "keynote": ("keynote", "keynote", "主旨演讲", "Keynote Speeches"),
    "panel": ("panel", "panelist", "圆桌对话", "Round-Table Dialogue"),
    "cases": ("dialogue", "speaker", "实践案例分享", "Practice and Case Studies"),
}


@dataclass(frozen=True)
class Special:
    """A session written out in full: a release, an initiative."""

    kind: str
    title_zh_hans: str
    title_en: str
    abstract_zh_hans: str
    abstract_en: str
    people: str
    role: str = "speaker"


@dataclass(frozen=True)
class ForumSpec:
    slug: str
    section: str
    title_zh_hans: str
    title_en: str
    description_zh_hans: str
    description_en: str
    co_organizer: str
    themes: tuple[str, ...]
    #: ("keynote" | "panel" | "cases", people) or a :class:`Special`
    sessions: tuple = field(default_factory=tuple)
    online: bool = False


RELEASE_BLUE_BOOK = Special(
    kind="release",
    title_zh_hans="《中国气候变化蓝皮书2023》发布",
    title_en="Release of the Blue Book on Climate Change in China 2023",
    abstract_zh_hans="发布《中国气候变化蓝皮书2023》，解读我国气候变化监测的最新事实与趋势。",
    abstract_en="Release of the Blue Book on Climate Change in China 2023 and a reading of its latest observations.",
    people="xia-zhiqiu, lin-chengyuan, ye-qiuming, ingrid-solberg",
)
RELEASE_KARST = Special(
    kind="release",
    title_zh_hans="《石漠化治理技术体系研究成果》发布",
    title_en="Release of the Research Results on the Technical System for Rocky Desertification Control",
    abstract_zh_hans="发布喀斯特石漠化治理技术体系研究成果，介绍贵州石漠化综合治理的模式与成效。",
    abstract_en="Release of research results on controlling karst rocky desertification and Guizhou's experience.",
    people="yuan-zhiheng, zhou-lanxi, luo-jingshan, deng-weiyang",
)
RELEASE_DECLARATION = Special(
    kind="release",
    title_zh_hans="《呵护自然之美·促进绿色发展——高质量推进自然保护地体系建设贵阳宣言》发布",
    title_en=(
        "Release of the Guiyang Declaration “Caring for the Beauty of Nature, Promoting Green Development — "
        "Advancing a High-Quality System of Protected Areas”"
    ),
    abstract_zh_hans="发布自然保护地体系建设贵阳宣言，凝聚高质量推进自然保护地体系建设的共识。",
    abstract_en="Release of the Guiyang declaration on building a high-quality system of protected areas.",
    people="yang-xiaowu, wei-songtao, elena-marchetti",
)
INITIATIVE_TWO_MOUNTAINS = Special(
    kind="release",
    title_zh_hans="“践行‘两山’理念，全面建设美丽中国”倡议发布",
    title_en="Initiative “Practising the Two Mountains Idea, Building a Beautiful China in All Respects”",
    abstract_zh_hans="发布践行“绿水青山就是金山银山”理念、全面建设美丽中国的倡议。",
    abstract_en="Release of an initiative to practise the idea that lucid waters and lush mountains are invaluable "
    "assets.",
    people="liang-siyuan, lu-wanqing, meng-yuhang",
)
INITIATIVE_INTEGRATED = Special(
    kind="release",
    title_zh_hans="“山水林田湖草沙一体化保护和系统治理”倡议发布",
    title_en="Initiative on the Integrated Protection and Systematic Governance of Mountains, Rivers, Forests, "
    "Farmland, Lakes, Grasslands and Deserts",
    abstract_zh_hans="发布山水林田湖草沙一体化保护和系统治理倡议。",
    abstract_en="Release of an initiative on protecting and governing ecosystems as one whole.",
    people="feng-haoran, xu-haolan, fang-ruoshui",
)

THEME_FORUMS = [
    # 绿色低碳发展
    ForumSpec(
        "carbon-neutrality",
        "green-low-carbon",
        "碳达峰碳中和：路径与行动",
        "Carbon Peaking and Carbon Neutrality: Pathways and Actions",
        "探讨能源、工业、交通和城乡建设领域碳达峰碳中和的路径与政策。",
        "Pathways and policies for peaking carbon and reaching neutrality in energy, industry, transport and cities.",
        "lvyuan-lowcarbon",
        ("carbon", "economy"),
        (
            ("keynote", "han-yichen, tang-yunshu, camille-verdier"),
            ("panel", "aino-virtanen, han-yichen, haruki-morisawa, camille-verdier"),
            ("cases", "han-yichen, haruki-morisawa, aino-virtanen"),
        ),
    ),
    ForumSpec(
        "new-energy-storage",
        "green-low-carbon",
        "新能源与新型储能",
        "New Energy and New-Type Energy Storage",
        "光伏、风电、氢能与新型储能产业的发展与贵州的能源转型。",
        "Solar, wind, hydrogen and new-type storage, and Guizhou's energy transition.",
        "western-energy",
        ("carbon", "economy"),
        (
            ("keynote", "ren-qiushi, du-hanqing, he-mingzhang"),
            ("panel", "du-hanqing, ren-qiushi, liam-orourke, tendai-moyo"),
        ),
    ),
    ForumSpec(
        "green-finance",
        "green-low-carbon",
        "绿色金融支持低碳转型",
        "Green Finance for the Low-Carbon Transition",
        "绿色信贷、绿色债券与气候投融资；贵州省绿色气候基金会落地成立。",
        "Green credit, green bonds and climate finance; the Guizhou Green Climate Foundation is founded.",
        "qianfeng-bank",
        ("economy",),
        (
            ("keynote", "wu-jianing, jiang-shuyi, oliver-hartley"),
            ("panel", "jiang-shuyi, wu-jianing, amara-okonkwo, oliver-hartley"),
        ),
    ),
    ForumSpec(
        "green-computing",
        "green-low-carbon",
        "大数据与绿色算力",
        "Big Data and Green Computing",
        "数据中心节能降碳、“东数西算”与数字技术赋能生态环境治理。",
        "Low-carbon data centres, computing in the west for data from the east, and digital environmental governance.",
        "cloud-valley",
        ("carbon", "economy"),
        (
            ("keynote", "bai-jinglin, qiao-zhenyu, guo-yanbing"),
            ("panel", "guo-yanbing, bai-jinglin, liam-orourke"),
            ("cases", "bai-jinglin, guo-yanbing, qiao-zhenyu"),
        ),
    ),
    ForumSpec(
        "circular-economy",
        "green-low-carbon",
        "循环经济与绿色制造",
        "Circular Economy and Green Manufacturing",
        "工业固废资源化、绿色工厂与绿色园区建设。",
        "Turning industrial solid waste into resources; green factories and green industrial parks.",
        "circular-park",
        ("economy", "pollution"),
        (("keynote", "shi-mingyue, shen-zhiyuan, lukas-brenner"), ("panel", "lukas-brenner, shi-mingyue, tao-jiamu")),
    ),
    # 生态保护与污染防治
    ForumSpec(
        "karst-desertification",
        "protection",
        "喀斯特石漠化综合治理",
        "Integrated Control of Karst Rocky Desertification",
        "喀斯特地区石漠化综合治理的技术体系、生态修复与绿色产业。",
        "Technologies, ecological restoration and green industries for karst rocky desertification control.",
        "karst-institute",
        ("pollution", "nature"),
        (
            ("keynote", "long-anping, zhou-lanxi, luo-jingshan, ousmane-faye"),
            RELEASE_KARST,
            ("panel", "deng-weiyang, long-anping, ousmane-faye, yuan-zhiheng"),
        ),
    ),
    ForumSpec(
        "protected-areas",
        "protection",
        "生物多样性保护与自然保护地建设",
        "Biodiversity Conservation and Protected Areas",
        "以国家公园为主体的自然保护地体系建设与生物多样性保护。",
        "Building a system of protected areas centred on national parks; conserving biodiversity.",
        "nanling-bio",
        ("nature",),
        (
            ("keynote", "xie-yutong, wei-songtao, song-qingyan"),
            RELEASE_DECLARATION,
            ("panel", "xie-yutong, elena-marchetti, yang-xiaowu"),
        ),
    ),
    ForumSpec(
        "river-security",
        "protection",
        "筑牢长江珠江上游生态安全屏障",
        "Ecological Security Barriers on the Upper Yangtze and Pearl Rivers",
        "长江、珠江上游生态保护修复与跨省域横向生态补偿。",
        "Protecting and restoring the upper Yangtze and Pearl rivers; cross-provincial ecological compensation.",
        "river-keepers",
        ("nature", "pollution"),
        (
            ("keynote", "feng-haoran, xu-haolan, fang-ruoshui"),
            INITIATIVE_INTEGRATED,
            ("panel", "zeng-ruoxi, feng-haoran, nguyen-thu-ha"),
        ),
    ),
    ForumSpec(
        "rivers-lakes",
        "protection",
        "美丽河湖与水生态环境治理",
        "Beautiful Rivers and Lakes: Governing the Water Environment",
        "河湖长制、水生态修复与饮用水水源保护。",
        "River and lake chiefs, restoring water ecosystems and protecting drinking-water sources.",
        "clear-water",
        ("pollution",),
        (
            ("keynote", "zhao-qinghe, gu-weining, mateo-alvarenga"),
            ("panel", "gu-weining, mateo-alvarenga, isabel-quintero, zeng-ruoxi"),
        ),
    ),
    ForumSpec(
        "pollutants-soil",
        "protection",
        "新污染物治理与土壤环境保护",
        "New Pollutants and Soil Protection",
        "新污染物风险管控、土壤污染防治与磷石膏综合利用。",
        "Managing the risks of new pollutants, preventing soil pollution and reusing phosphogypsum.",
        "soil-guard",
        ("pollution",),
        (("keynote", "tao-jiamu, shen-zhiyuan, zhao-qinghe"), ("cases", "zhao-qinghe, tao-jiamu, shi-mingyue")),
    ),
    # 国际交流合作
    ForumSpec(
        "climate-cooperation",
        "international",
        "应对气候变化国际合作",
        "International Cooperation on Climate Change",
        "气候变化监测、适应与减缓的国际合作，发布《中国气候变化蓝皮书2023》。",
        "International cooperation on observing, adapting to and mitigating climate change.",
        "huaxia-climate",
        ("climate", "cooperation"),
        (
            ("keynote", "xia-zhiqiu, ye-qiuming, ingrid-solberg"),
            RELEASE_BLUE_BOOK,
            ("panel", "ye-qiuming, camille-verdier, ingrid-solberg, xia-zhiqiu"),
        ),
        online=True,
    ),
    ForumSpec(
        "biodiversity-cooperation",
        "international",
        "全球生物多样性框架下的南南合作",
        "South–South Cooperation under the Global Biodiversity Framework",
        "落实“昆明—蒙特利尔全球生物多样性框架”的南南合作与能力建设。",
        "South–South cooperation and capacity building to implement the Kunming–Montreal framework.",
        "mekong-eco",
        ("nature", "cooperation"),
        (
            ("keynote", "kanya-srisawat, song-qingyan, priya-raghunathan"),
            ("panel", "priya-raghunathan, kanya-srisawat, isabel-quintero, xie-yutong"),
        ),
        online=True,
    ),
    ForumSpec(
        "green-belt-road",
        "international",
        "绿色“一带一路”与可持续基础设施",
        "The Green Belt and Road and Sustainable Infrastructure",
        "绿色投资原则、可持续基础设施与南南合作中的清洁能源项目。",
        "Green investment principles, sustainable infrastructure and clean-energy projects in South–South cooperation.",
        "silk-green",
        ("cooperation", "economy"),
        (
            ("keynote", "pei-wenshu, amara-okonkwo, tendai-moyo"),
            ("panel", "amara-okonkwo, pei-wenshu, liam-orourke, jiang-shuyi"),
        ),
        online=True,
    ),
    ForumSpec(
        "china-asean",
        "international",
        "中国—东盟生态环境合作",
        "China–ASEAN Cooperation on the Environment",
        "澜湄流域生态环境合作、绿色发展伙伴关系与青年交流。",
        "Lancang–Mekong environmental cooperation, green partnerships and youth exchange.",
        "asean-env",
        ("cooperation",),
        (
            ("keynote", "kong-lingyun, kanya-srisawat, nguyen-thu-ha"),
            ("panel", "nguyen-thu-ha, kong-lingyun, feng-haoran"),
        ),
        online=True,
    ),
    # 生态文明理论与实践
    ForumSpec(
        "ecological-products",
        "theory-practice",
        "生态产品价值实现机制",
        "Mechanisms for Realizing the Value of Ecological Products",
        "生态产品总值（GEP）核算、生态补偿与生态产品市场交易。",
        "Accounting for gross ecosystem product (GEP), ecological compensation and markets for ecological products.",
        "gep-lab",
        ("economy",),
        (
            ("keynote", "lu-wanqing, cheng-yifan, cao-yiran"),
            ("panel", "cao-yiran, lu-wanqing, wu-jianing"),
            ("cases", "cao-yiran, wu-jianing, cheng-yifan"),
        ),
    ),
    ForumSpec(
        "rural-revitalization",
        "theory-practice",
        "生态振兴与乡村振兴",
        "Ecological Revitalization and Rural Revitalization",
        "山地特色农业、传统村落保护与乡村生态振兴。",
        "Mountain agriculture, protecting traditional villages and the ecological revival of the countryside.",
        "xiangtu-rural",
        ("economy", "nature"),
        (("keynote", "qin-mengjie, pan-xiaochen, meng-yuhang"), ("panel", "long-anping, qin-mengjie, pan-xiaochen")),
    ),
    ForumSpec(
        "two-mountains",
        "theory-practice",
        "“两山”理念的理论与实践",
        "Lucid Waters and Lush Mountains: Theory and Practice",
        "“绿水青山就是金山银山”理念的理论内涵与地方实践。",
        "The idea that lucid waters and lush mountains are invaluable assets, in theory and local practice.",
        "two-mountains",
        ("economy", "nature"),
        (
            ("keynote", "pei-wenshu, liang-siyuan, meng-yuhang"),
            INITIATIVE_TWO_MOUNTAINS,
            ("panel", "liang-siyuan, qin-mengjie, meng-yuhang"),
        ),
    ),
]


@dataclass(frozen=True)
class PlenarySpec:
    """A session in the main hall at a fixed time (day 0 or 1, local time)."""

    code: str
    kind: str
    title_zh_hans: str
    title_en: str
    abstract_zh_hans: str
    abstract_en: str
    day: int
    start: str
    end: str
    #: (person slug, role)
    people: tuple[tuple[str, str], ...]


PLENARY = [
    PlenarySpec(
        "OPEN",
        "ceremony",
        "开幕式",
        "Opening Ceremony",
        "2023年生态文明贵阳国际论坛开幕式暨主旨演讲。",
        "Opening ceremony of Eco Forum Global Guiyang 2023, with keynote speeches.",
        0,
        "09:00",
        "10:30",
        (
            ("cheng-liyan", "host"),
            ("lin-chengyuan", "keynote"),
            ("he-mingzhang", "keynote"),
            ("ingrid-solberg", "keynote"),
        ),
    ),
    PlenarySpec(
        "DIALOGUE",
        "dialogue",
        "高端对话：共谋人与自然和谐共生现代化",
        "High-Level Dialogue: Jointly Advancing Modernization of Harmony between Humanity and Nature",
        "院士与国际嘉宾对话绿色低碳发展。",
        "Academicians and international guests in conversation on green and low-carbon development.",
        0,
        "10:45",
        "12:15",
        (
            ("kong-lingyun", "moderator"),
            ("tang-yunshu", "panelist"),
            ("song-qingyan", "panelist"),
            ("priya-raghunathan", "panelist"),
            ("camille-verdier", "panelist"),
        ),
    ),
    PlenarySpec(
        "SIGN",
        "signing",
        "绿色产业项目集中签约仪式",
        "Signing Ceremony for Green-Industry Projects",
        "“生态文明贵阳国际论坛绿色产业项目”及“贵州省重大绿色发展项目及战略合作协议”集中签约，"
        "签约总金额预计超过160亿元。",
        "Signing of the forum's green-industry projects and of Guizhou's major green-development projects and "
        "strategic agreements, worth more than CNY 16 billion.",
        1,
        "10:00",
        "11:30",
        (("mu-qingyuan", "host"), ("jiang-shuyi", "guest")),
    ),
    PlenarySpec(
        "CLOSE",
        "ceremony",
        "闭幕式",
        "Closing Ceremony",
        "闭幕式：总结论坛成果，发布论坛共识。",
        "Closing ceremony: the forum's outcomes and shared conclusions.",
        1,
        "16:30",
        "17:30",
        (("cheng-liyan", "host"), ("cheng-yifan", "keynote"), ("luo-jingshan", "keynote"), ("pei-wenshu", "speaker")),
    ),
]

#: Time blocks of the theme forums in the halls: (day, start, end), local time.
HALL_BLOCKS = [
    (0, "10:45", "12:15"),
    (0, "14:00", "15:45"),
    (0, "16:00", "17:45"),
    (1, "09:00", "10:45"),
    (1, "11:00", "12:30"),
    (1, "14:00", "15:45"),
]
