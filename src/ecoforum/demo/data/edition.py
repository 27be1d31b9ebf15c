"""The 2023 edition as the news release of 3 July 2023 describes it (shared/seeds/).

Facts about the forum (dates, theme, sections, figures, releases) follow the
release; the charter text is a short illustration written for the demo.
"""

from __future__ import annotations

import datetime as dt

FORUM = {
    "slug": "efg",
    "name_zh_hans": "生态文明贵阳国际论坛",
    "name_en": "Eco Forum Global Guiyang",
    "short_name_zh_hans": "生态文明论坛",
    "short_name_en": "Eco Forum Global",
    "description_zh_hans": (
        "生态文明贵阳国际论坛的前身是创办于2009年的生态文明贵阳会议，2013年升格为我国目前唯一以生态文明为主题的"
        "国家级国际性论坛，坚持“走向生态文明新时代，建设美丽中国”的主线。"
    ),
    "description_en": (
        "Founded in 2009 as the Eco-Civilization Guiyang Conference and upgraded in 2013, the Eco Forum Global "
        "Guiyang is China's only national-level international forum on ecological civilization."
    ),
    "website": "",
}

EDITION = {
    "slug": "2023",
    "year": 2023,
    "name_zh_hans": "2023年生态文明贵阳国际论坛",
    "name_en": "Eco Forum Global Guiyang 2023",
    "theme_zh_hans": "共谋人与自然和谐共生现代化——推进绿色低碳发展",
    "theme_en": (
        "Jointly Advancing Modernization of Harmony between Humanity and Nature — "
        "Promoting Green and Low-Carbon Development"
    ),
    "city_zh_hans": "贵阳",
    "city_en": "Guiyang",
    "description_zh_hans": (
        "2023年7月8日至9日，论坛以线上线下相结合的方式举办，围绕4个板块策划17个主题论坛，举办开闭幕式、"
        "展览展示和绿色产业招商等系列活动，发布《中国气候变化蓝皮书2023》等成果。"
    ),
    "description_en": (
        "Held on site and online on 8–9 July 2023: 17 theme forums in 4 sections, the opening and closing "
        "ceremonies, a green innovation exhibition, green-industry investment promotion and the release of the "
        "Blue Book on Climate Change in China 2023 and other outcomes."
    ),
    "start_date": dt.date(2023, 7, 8),
    "end_date": dt.date(2023, 7, 9),
    "time_zone": "Asia/Shanghai",
    "is_hybrid": True,
    "is_public": True,
    "expected_guests": 2500,
}

CHARTER = {
    "title_zh_hans": "生态文明贵阳国际论坛章程",
    "title_en": "Charter of the Eco Forum Global Guiyang",
    "adopted_on": dt.date(2023, 6, 28),
    "change_note_zh_hans": "首版章程（演示文本）。",
    "change_note_en": "First version of the charter (demonstration text).",
    "body_zh_hans": "\n".join(
        [
            "第一章　总则",
            (
                "第一条　生态文明贵阳国际论坛（以下简称“论坛”）是以生态文明为主题的国家级国际性论坛，"
                "前身为创办于2009年的生态文明贵阳会议。"
            ),
            (
                "第二条　论坛以“走向生态文明新时代，建设美丽中国”为主线，传播生态文明理念，"
                "推动生态文明与可持续发展的交流合作。"
            ),
            "第三条　论坛坚持创新性、国际性、专业性、市场化原则，每年在贵州省贵阳市举办一届。",
            "",
            "第二章　组织",
            "第四条　论坛设组织委员会（以下简称“组委会”），负责确定每届论坛的主题、议程和重大事项。",
            "第五条　组委会下设秘书处，负责论坛的日常工作；各主题论坛由承办单位在组委会指导下组织实施。",
            "",
            "第三章　机制",
            (
                "第六条　论坛建立组织、智库、研讨及发布、国际合作、展览展示、成果转化、"
                "绿色招商、服务保障、论坛评估九项机制。"
            ),
            "第七条　论坛发布的报告、宣言和倡议，以及达成的合作成果，由秘书处登记并跟踪落实。",
            "",
            "第四章　平台",
            "第八条　论坛建设生态文明建设理论研究、实践创新和交流合作三个平台，服务论坛闭会期间的持续工作。",
            "",
            "第五章　附则",
            "第九条　本章程经组委会审议通过后施行，修改时亦同。本章程由组委会秘书处负责解释。",
        ]
    ),
    "body_en": "\n".join(
        [
            "Chapter I General provisions",
            (
                "Article 1 The Eco Forum Global Guiyang (the “Forum”) is a national-level international forum"
                " on ecological civilization; it grew out of the Eco-Civilization Guiyang Conference founded in"
                " 2009."
            ),
            (
                "Article 2 The Forum's guiding line is “Towards a New Era of Ecological Civilization: Building"
                " a Beautiful China”. It spreads the idea of ecological civilization and advances exchange and"
                " cooperation on ecological civilization and sustainable development."
            ),
            (
                "Article 3 The Forum is innovative, international, professional and market-oriented. An edition"
                " is held every year in Guiyang, Guizhou Province."
            ),
            "",
            "Chapter II Organization",
            (
                "Article 4 The Forum has an Organizing Committee, which decides the theme, the agenda and the"
                " major matters of each edition."
            ),
            (
                "Article 5 A Secretariat under the Organizing Committee runs the Forum's daily work; each theme"
                " forum is organized by its co-organizers under the guidance of the Organizing Committee."
            ),
            "",
            "Chapter III Mechanisms",
            (
                "Article 6 The Forum has nine mechanisms: organization, think tank, seminars and releases,"
                " international cooperation, exhibition, outcome transformation, green investment, service"
                " guarantee and evaluation."
            ),
            (
                "Article 7 The reports, declarations and initiatives the Forum releases, and the cooperation it"
                " brings about, are registered by the Secretariat and followed up until they are carried out."
            ),
            "",
            "Chapter IV Platforms",
            (
                "Article 8 The Forum builds three platforms (theory research, practice innovation, and exchange"
                " and cooperation) that keep working between editions."
            ),
            "",
            "Chapter V Final provisions",
            (
                "Article 9 This Charter takes effect when the Organizing Committee adopts it; amendments follow"
                " the same procedure. The Secretariat of the Organizing Committee interprets this Charter."
            ),
        ]
    ),
}

#: (key, zh-hans, en)
THEMES = [
    ("carbon", "碳达峰碳中和", "Carbon peaking and carbon neutrality"),
    ("climate", "应对气候变化", "Addressing climate change"),
    ("nature", "生物多样性与自然保护", "Biodiversity and nature conservation"),
    ("pollution", "生态保护与污染防治", "Ecological protection and pollution control"),
    ("economy", "绿色低碳发展与绿色经济", "Green, low-carbon development and the green economy"),
    ("cooperation", "生态文明国际交流合作", "International exchange and cooperation on ecological civilization"),
]

#: (value zh-hans, value en, label zh-hans, label en)
HEADLINE_FIGURES = [
    ("2,500+", "2,500+", "参会嘉宾", "guests"),
    ("50+", "50+", "国内外知名专家学者", "renowned experts from China and abroad"),
    ("17", "17", "两院院士", "academicians of CAS and CAE"),
    ("17", "17", "主题论坛", "theme forums"),
    ("290+", "290+", "参展企业", "exhibitors"),
    ("220", "220", "绿色生态产业招商推介项目", "green-industry projects for investment promotion"),
    ("1,300亿元", "¥130 bn", "拟引资规模", "investment sought"),
    ("160亿元", "¥16 bn", "预计签约总金额", "expected value of signed deals"),
]

VENUE = {
    "name_zh_hans": "贵阳国际生态会议中心",
    "name_en": "Guiyang International Eco-Conference Center",
    "address_zh_hans": "贵州省贵阳市观山湖区",
    "address_en": "Guanshanhu District, Guiyang, Guizhou",
}

#: (key, zh-hans, en, seats). The first is the main hall; the others are the halls of the theme forums.
ROOMS = [
    ("main", "主会场（国际会议厅）", "Main Hall (International Conference Hall)", 1500),
    ("h1", "第一分会场", "Hall 1", 600),
    ("h2", "第二分会场", "Hall 2", 480),
    ("h3", "第三分会场", "Hall 3", 400),
    ("h4", "第四分会场", "Hall 4", 360),
    ("h5", "第五分会场", "Hall 5", 300),
    ("h6", "第六分会场", "Hall 6", 300),
    ("h7", "第七分会场", "Hall 7", 260),
    ("h8", "第八分会场", "Hall 8", 220),
    ("h9", "第九分会场", "Hall 9", 180),
]

#: (slug, zh-hans, en, colour, description zh-hans, description en)
SECTIONS = [
    (
        "green-low-carbon",
        "绿色低碳发展",
        "Green and Low-Carbon Development",
        "#2f7d4f",
        "碳达峰碳中和、新能源、绿色金融与数字经济的绿色转型。",
        "Carbon peaking and neutrality, new energy, green finance and the green transition of the digital economy.",
    ),
    (
        "protection",
        "生态保护与污染防治",
        "Ecological Protection and Pollution Control",
        "#1f6f8b",
        "石漠化治理、生物多样性、自然保护地、流域生态安全与污染防治。",
        "Rocky desertification control, biodiversity, protected areas, river-basin security and pollution control.",
    ),
    (
        "international",
        "国际交流合作",
        "International Exchange and Cooperation",
        "#8a5a1c",
        "应对气候变化、生物多样性和绿色基础设施的国际合作。",
        "International cooperation on climate change, biodiversity and green infrastructure.",
    ),
    (
        "theory-practice",
        "生态文明理论与实践",
        "Ecological Civilization: Theory and Practice",
        "#6b4c9a",
        "“两山”理念、生态产品价值实现与乡村振兴的理论与实践。",
        "Theory and practice of the “two mountains” idea, ecological product value and rural revitalization.",
    ),
]
