"""Fictional people and organizations of the demo edition.

Every person and organization here is invented for the demonstration (``is_demo``);
any likeness to a real person or institution is unintended. The academies
(CAS, CAE) are real; membership of a fictional person is part of the fiction.
"""

from __future__ import annotations

# fmt: off
#: key: (zh-hans, en, kind, country)
ORGANIZATIONS = {
    # Affiliations of the experts
    "karst-institute": ("西南喀斯特生态研究院", "Southwest Karst Ecology Institute", "research", "CN"),
    "huaxia-climate": ("华夏气候与环境研究中心", "Huaxia Centre for Climate and Environment", "research", "CN"),
    "qianzhong-univ": ("黔中大学", "Qianzhong University", "university", "CN"),
    "upper-yangtze": ("长江上游生态研究所", "Upper Yangtze Ecology Institute", "research", "CN"),
    "donghu-energy": ("东湖能源科技研究院", "Donghu Institute of Energy Technology", "research", "CN"),
    "qinglan-green": ("青岚绿色发展研究院", "Qinglan Institute for Green Development", "research", "CN"),
    "nanling-bio": ("南岭生物多样性研究中心", "Nanling Biodiversity Research Centre", "research", "CN"),
    "beichen-env": ("北辰环境工程大学", "Beichen University of Environmental Engineering", "university", "CN"),
    "shugu-compute": ("数谷绿色算力研究院", "Shugu Institute of Green Computing", "research", "CN"),
    "pearl-basin": ("珠江流域生态研究院", "Pearl River Basin Ecology Institute", "research", "CN"),
    "qianshan-restore": ("黔山生态修复工程中心", "Qianshan Ecological Restoration Engineering Centre", "research",
                         "CN"),
    "jinsui-finance": ("金穗绿色金融研究院", "Jinsui Institute of Green Finance", "research", "CN"),
    "xiangtu-rural": ("乡土振兴研究院", "Xiangtu Institute for Rural Revitalization", "research", "CN"),
    "mingde-eco": ("明德生态文明研究院", "Mingde Academy of Ecological Civilization", "research", "CN"),
    "efg-secretariat": ("论坛组委会秘书处（演示）", "Forum Secretariat (demo)", "other", "CN"),
    "nordic-climate": ("北欧气候转型研究所", "Nordic Institute for Climate Transitions", "research", "NO"),
    "alpine-bio": ("阿尔卑斯生物多样性观测站", "Alpine Biodiversity Observatory", "research", "CH"),
    "pacific-energy": ("环太平洋能源未来理事会", "Pacific Rim Energy Futures Council", "ngo", "AU"),
    "savanna-growth": ("萨瓦纳绿色增长倡议组织", "Savanna Green Growth Initiative", "ngo", "KE"),
    "andean-water": ("安第斯水研究网络", "Andean Water Research Network", "research", "PE"),
    "rhone-cities": ("罗讷可持续城市研究所", "Rhône Institute for Sustainable Cities", "research", "FR"),
    "mekong-eco": ("湄公河生态伙伴组织", "Mekong Ecology Partnership", "international", "TH"),
    "nature-finance": ("全球自然金融联盟", "Global Alliance for Nature Finance", "international", "GB"),
    "danube-circular": ("多瑙河循环经济实验室", "Danube Circular Economy Lab", "research", "AT"),
    "baltic-carbon": ("波罗的海碳市场中心", "Baltic Carbon Markets Centre", "research", "FI"),
    "kyushu-lowcarbon": ("九州低碳社会研究所", "Kyushu Institute for Low-Carbon Society", "research", "JP"),
    "sahel-land": ("萨赫勒土地修复网络", "Sahel Land Restoration Network", "ngo", "SN"),
    # Co-organizers of the theme forums
    "lvyuan-lowcarbon": ("绿源低碳发展促进会", "Lüyuan Association for Low-Carbon Development", "ngo", "CN"),
    "western-energy": ("西部新能源产业联盟", "Western New Energy Industry Alliance", "enterprise", "CN"),
    "qianfeng-bank": ("黔丰绿色银行（演示）", "Qianfeng Green Bank (demo)", "enterprise", "CN"),
    "cloud-valley": ("云谷数据中心产业联盟", "Cloud Valley Data Centre Alliance", "enterprise", "CN"),
    "circular-park": ("黔北循环经济产业园管委会", "Qianbei Circular Economy Park Authority", "government", "CN"),
    "river-keepers": ("两江护河志愿者联合会", "Two Rivers Keepers Federation", "ngo", "CN"),
    "clear-water": ("清水河湖治理促进中心", "Clear Water Centre for River and Lake Governance", "ngo", "CN"),
    "soil-guard": ("净土污染防治技术联盟", "Clean Soil Pollution Control Alliance", "enterprise", "CN"),
    "silk-green": ("丝路绿色基础设施研究中心", "Silk Road Green Infrastructure Centre", "research", "CN"),
    "asean-env": ("中国—东盟环境合作交流中心（演示）", "China–ASEAN Environmental Exchange Centre (demo)",
                  "international", "CN"),
    "gep-lab": ("生态产品价值核算实验室", "Ecosystem Product Value Accounting Lab", "research", "CN"),
    "two-mountains": ("两山理念研究会", "Society for the Two Mountains Idea", "ngo", "CN"),
}
# fmt: on

#: key: (zh-hans, en)
FIELDS = {
    "climate": ("气候变化", "Climate change"),
    "carbon": ("碳达峰碳中和", "Carbon peaking and carbon neutrality"),
    "energy": ("新能源与储能", "New energy and energy storage"),
    "karst": ("喀斯特生态与石漠化治理", "Karst ecology and rocky desertification control"),
    "biodiversity": ("生物多样性保护", "Biodiversity conservation"),
    "protected": ("自然保护地", "Protected areas"),
    "finance": ("绿色金融", "Green finance"),
    "digital": ("大数据与绿色算力", "Big data and green computing"),
    "gep": ("生态产品价值实现", "Value realization of ecological products"),
    "rural": ("乡村振兴", "Rural revitalization"),
    "river": ("流域生态安全", "River-basin ecological security"),
    "pollution": ("污染防治", "Pollution prevention and control"),
    "theory": ("生态文明理论", "Theory of ecological civilization"),
    "governance": ("全球环境治理", "Global environmental governance"),
    "circular": ("循环经济", "Circular economy"),
    "restoration": ("生态修复", "Ecological restoration"),
    "water": ("水资源与水环境", "Water resources and water environment"),
}

CAS = ("cas", "中国科学院院士", "Academician of the Chinese Academy of Sciences")
CAE = ("cae", "中国工程院院士", "Academician of the Chinese Academy of Engineering")

# fmt: off
#: slug, zh-hans name, en name, country, affiliation, position zh-hans, position en, academy, fields
EXPERTS = [
    # Seventeen academicians (fictional persons)
    ("lin-chengyuan", "林澄远", "Lin Chengyuan", "CN", "huaxia-climate", "首席科学家", "Chief scientist", CAS,
     ["climate", "carbon"]),
    ("zhou-lanxi", "周岚溪", "Zhou Lanxi", "CN", "karst-institute", "研究员", "Research professor", CAS,
     ["karst", "restoration"]),
    ("he-mingzhang", "何鸣章", "He Mingzhang", "CN", "donghu-energy", "院长", "President", CAE, ["energy", "carbon"]),
    ("song-qingyan", "宋清砚", "Song Qingyan", "CN", "nanling-bio", "研究员", "Research professor", CAS,
     ["biodiversity", "protected"]),
    ("xu-haolan", "许浩澜", "Xu Haolan", "CN", "upper-yangtze", "所长", "Director", CAE, ["river", "water"]),
    ("tang-yunshu", "唐云舒", "Tang Yunshu", "CN", "qinglan-green", "学术委员会主任", "Chair of the academic board",
     CAS, ["carbon", "theory"]),
    ("gu-weining", "顾维宁", "Gu Weining", "CN", "beichen-env", "教授", "Professor", CAE, ["pollution", "water"]),
    ("qiao-zhenyu", "乔振宇", "Qiao Zhenyu", "CN", "shugu-compute", "首席科学家", "Chief scientist", CAE,
     ["digital", "energy"]),
    ("fang-ruoshui", "方若水", "Fang Ruoshui", "CN", "pearl-basin", "研究员", "Research professor", CAS,
     ["water", "river"]),
    ("luo-jingshan", "罗景山", "Luo Jingshan", "CN", "qianshan-restore", "总工程师", "Chief engineer", CAE,
     ["restoration", "karst"]),
    ("meng-yuhang", "孟宇航", "Meng Yuhang", "CN", "qianzhong-univ", "教授", "Professor", CAS,
     ["biodiversity", "restoration"]),
    ("shen-zhiyuan", "沈致远", "Shen Zhiyuan", "CN", "beichen-env", "教授", "Professor", CAE,
     ["circular", "pollution"]),
    ("wei-songtao", "魏松涛", "Wei Songtao", "CN", "nanling-bio", "主任", "Director", CAS,
     ["protected", "biodiversity"]),
    ("pan-xiaochen", "潘晓晨", "Pan Xiaochen", "CN", "xiangtu-rural", "院长", "President", CAE, ["rural", "gep"]),
    ("ye-qiuming", "叶秋明", "Ye Qiuming", "CN", "huaxia-climate", "研究员", "Research professor", CAS,
     ["climate", "governance"]),
    ("du-hanqing", "杜汉卿", "Du Hanqing", "CN", "donghu-energy", "首席科学家", "Chief scientist", CAE,
     ["energy", "circular"]),
    ("cheng-yifan", "程亦凡", "Cheng Yifan", "CN", "qinglan-green", "研究员", "Research professor", CAS,
     ["gep", "theory"]),
    # Experts from China
    ("jiang-shuyi", "江舒怡", "Jiang Shuyi", "CN", "jinsui-finance", "院长", "President", None, ["finance", "carbon"]),
    ("bai-jinglin", "白景林", "Bai Jinglin", "CN", "shugu-compute", "副院长", "Vice president", None, ["digital"]),
    ("lu-wanqing", "陆婉清", "Lu Wanqing", "CN", "mingde-eco", "研究员", "Research fellow", None, ["gep", "theory"]),
    ("han-yichen", "韩亦辰", "Han Yichen", "CN", "qinglan-green", "研究员", "Research fellow", None,
     ["carbon", "finance"]),
    ("yuan-zhiheng", "袁志恒", "Yuan Zhiheng", "CN", "karst-institute", "副研究员", "Associate research fellow", None,
     ["karst"]),
    ("qin-mengjie", "秦梦洁", "Qin Mengjie", "CN", "xiangtu-rural", "研究员", "Research fellow", None, ["rural"]),
    ("feng-haoran", "冯浩然", "Feng Haoran", "CN", "upper-yangtze", "研究员", "Research fellow", None,
     ["river", "restoration"]),
    ("xie-yutong", "谢雨桐", "Xie Yutong", "CN", "nanling-bio", "副研究员", "Associate research fellow", None,
     ["biodiversity"]),
    ("tao-jiamu", "陶嘉木", "Tao Jiamu", "CN", "beichen-env", "教授", "Professor", None, ["pollution"]),
    ("liang-siyuan", "梁思远", "Liang Siyuan", "CN", "mingde-eco", "院长", "President", None, ["theory"]),
    ("zeng-ruoxi", "曾若溪", "Zeng Ruoxi", "CN", "pearl-basin", "副研究员", "Associate research fellow", None,
     ["water"]),
    ("ren-qiushi", "任秋实", "Ren Qiushi", "CN", "donghu-energy", "研究员", "Research fellow", None, ["energy"]),
    ("long-anping", "龙安平", "Long Anping", "CN", "qianzhong-univ", "教授", "Professor", None, ["karst", "rural"]),
    ("yang-xiaowu", "杨晓梧", "Yang Xiaowu", "CN", "qianzhong-univ", "副教授", "Associate professor", None,
     ["protected"]),
    ("wu-jianing", "吴佳宁", "Wu Jianing", "CN", "jinsui-finance", "研究员", "Research fellow", None, ["finance"]),
    ("shi-mingyue", "石明月", "Shi Mingyue", "CN", "qinglan-green", "副研究员", "Associate research fellow", None,
     ["circular"]),
    ("kong-lingyun", "孔凌云", "Kong Lingyun", "CN", "mingde-eco", "研究员", "Research fellow", None,
     ["governance", "theory"]),
    ("xia-zhiqiu", "夏知秋", "Xia Zhiqiu", "CN", "huaxia-climate", "研究员", "Research fellow", None, ["climate"]),
    ("guo-yanbing", "郭砚冰", "Guo Yanbing", "CN", "shugu-compute", "高级工程师", "Senior engineer", None,
     ["digital", "energy"]),
    ("deng-weiyang", "邓蔚扬", "Deng Weiyang", "CN", "qianshan-restore", "高级工程师", "Senior engineer", None,
     ["restoration"]),
    ("cao-yiran", "曹怡然", "Cao Yiran", "CN", "qianzhong-univ", "副教授", "Associate professor", None,
     ["gep", "rural"]),
    ("zhao-qinghe", "赵清禾", "Zhao Qinghe", "CN", "beichen-env", "副教授", "Associate professor", None,
     ["pollution"]),
    ("pei-wenshu", "裴文澍", "Pei Wenshu", "CN", "mingde-eco", "研究员", "Research fellow", None, ["governance"]),
    # Experts from abroad
    ("ingrid-solberg", "英格丽德·索尔贝格", "Ingrid Solberg", "NO", "nordic-climate", "所长", "Director", None,
     ["climate", "governance"]),
    ("mateo-alvarenga", "马特奥·阿尔瓦伦加", "Mateo Alvarenga", "PE", "andean-water", "协调人", "Coordinator", None,
     ["water"]),
    ("amara-okonkwo", "阿玛拉·奥孔科", "Amara Okonkwo", "NG", "savanna-growth", "执行主任", "Executive director", None,
     ["finance", "governance"]),
    ("lukas-brenner", "卢卡斯·布伦纳", "Lukas Brenner", "AT", "danube-circular", "负责人", "Head", None, ["circular"]),
    ("camille-verdier", "卡米耶·韦迪耶", "Camille Verdier", "FR", "rhone-cities", "研究主任", "Director of research",
     None, ["governance", "carbon"]),
    ("haruki-morisawa", "森泽春树", "Haruki Morisawa", "JP", "kyushu-lowcarbon", "研究员", "Senior researcher", None,
     ["carbon", "energy"]),
    ("priya-raghunathan", "普丽娅·拉古纳坦", "Priya Raghunathan", "IN", "nature-finance", "首席经济学家",
     "Chief economist", None, ["finance", "biodiversity"]),
    ("kanya-srisawat", "甘雅·西萨瓦", "Kanya Srisawat", "TH", "mekong-eco", "项目主任", "Programme director", None,
     ["biodiversity", "river"]),
    ("elena-marchetti", "埃琳娜·马尔凯蒂", "Elena Marchetti", "IT", "alpine-bio", "首席研究员",
     "Principal investigator", None, ["protected"]),
    ("oliver-hartley", "奥利弗·哈特利", "Oliver Hartley", "GB", "nature-finance", "政策顾问", "Policy adviser", None,
     ["finance"]),
    ("aino-virtanen", "艾诺·维尔塔宁", "Aino Virtanen", "FI", "baltic-carbon", "主任", "Director", None, ["carbon"]),
    ("tendai-moyo", "滕代·莫约", "Tendai Moyo", "ZW", "savanna-growth", "研究员", "Research fellow", None,
     ["energy", "rural"]),
    ("isabel-quintero", "伊莎贝尔·金特罗", "Isabel Quintero", "CO", "andean-water", "研究员", "Researcher", None,
     ["biodiversity", "water"]),
    ("ousmane-faye", "乌斯曼·法耶", "Ousmane Faye", "SN", "sahel-land", "协调人", "Coordinator", None,
     ["restoration", "karst"]),
    ("liam-orourke", "利亚姆·奥罗克", "Liam O'Rourke", "AU", "pacific-energy", "高级研究员", "Senior fellow", None,
     ["energy"]),
    ("nguyen-thu-ha", "阮秋河", "Nguyen Thu Ha", "VN", "mekong-eco", "研究员", "Researcher", None, ["river", "water"]),
]
# fmt: on

#: Members of foreign academies among the experts: slug -> (title zh-hans, title en)
FOREIGN_ACADEMY = {
    "ingrid-solberg": ("外国科学院院士", "Member of a national academy of sciences"),
    "elena-marchetti": ("外国科学院院士", "Member of a national academy of sciences"),
}

#: Hosts of the ceremonies: people of the secretariat, not experts.
HOSTS = [
    ("cheng-liyan", "程立言", "Cheng Liyan", "论坛组委会秘书长", "Secretary-General of the Organizing Committee"),
    (
        "mu-qingyuan",
        "穆清源",
        "Mu Qingyuan",
        "论坛组委会副秘书长",
        "Deputy Secretary-General of the Organizing Committee",
    ),
]

#: A few invitations and their answers: (person slug, role, answer) — answer None leaves it pending.
INVITATIONS = [
    ("lin-chengyuan", "speaker", True),
    ("ingrid-solberg", "speaker", True),
    ("he-mingzhang", "speaker", True),
    ("priya-raghunathan", "speaker", True),
    ("kong-lingyun", "moderator", True),
    ("elena-marchetti", "expert", None),
    ("aino-virtanen", "guest", None),
    ("lukas-brenner", "expert", False),
]
