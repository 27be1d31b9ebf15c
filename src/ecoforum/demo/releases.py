"""Releases, cooperation and the platforms of the 2023 demo edition.

The seed names what the 2023 forum released on stage: 《中国气候变化蓝皮书2023》,
《石漠化治理技术体系研究成果》, the Guiyang declaration on protected areas, and two
initiatives; and the founding of 贵州省绿色气候基金会 as a practice result. This module
records them as releases of the edition, each tied to the program session where it was
released and authored by that session's speakers, with a first version of its file, and
the declaration and initiatives open for endorsement with some confirmed signatories. It
adds invented partner organizations (``is_demo``) with three MoUs, two delegations of the
edition's foreign guests with invitation letters, the practice cases (the foundation and the
field-visit sites), some experts' proposals for the next edition, and a directory of guests
who agreed to be listed, with a few contact requests.

Rows are keyed on slugs, numbers and names, so a second run writes nothing. The release files
are PDFs drawn by WeasyPrint in Chinese and English; the loader's own tests skip drawing them
(``DEMO_RELEASE_FILES``), which takes a few seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.html import escape

from ecoforum.cooperation.enums import AgreementKind, AgreementStatus, PartnerKind
from ecoforum.cooperation.models import Agreement, Delegation, DelegationMember, InvitationLetter, Partner
from ecoforum.core.crypto import blind_index
from ecoforum.exhibition.enums import CaseKind
from ecoforum.exhibition.models import PracticeCase, Site
from ecoforum.forums.models import Edition
from ecoforum.people.enums import AdviceStatus, ContactStatus, OrganizationKind
from ecoforum.people.models import AdvisoryInput, ContactRequest, DirectoryEntry, ExpertProfile, Organization, Person
from ecoforum.program.models import Session
from ecoforum.releases.enums import ReleaseKind, SignatoryKind
from ecoforum.releases.models import Endorsement, Release, ReleaseAuthor, ReleaseVersion, Topic
from ecoforum.services.enums import Attendance, RegistrationStatus
from ecoforum.services.models import Registration

from .data import program as P

SEED = 20230709

TOPICS = [
    ("climate-change", "气候变化", "Climate change"),
    ("rocky-desertification", "石漠化治理", "Rocky desertification control"),
    ("protected-areas", "自然保护地", "Protected areas"),
    ("green-development", "绿色低碳发展", "Green and low-carbon development"),
    ("ecosystem-governance", "山水林田湖草沙系统治理", "Integrated ecosystem governance"),
]


@dataclass(frozen=True)
class ReleaseSpec:
    slug: str
    kind: str
    session: P.Special
    title_zh: str
    title_en: str
    abstract_zh: str
    abstract_en: str
    author_zh: str
    author_en: str
    issuer_zh: str
    issuer_en: str
    topics: tuple[str, ...]
    signatories: int = 0


RELEASES = [
    ReleaseSpec(
        "climate-change-blue-book-2023",
        ReleaseKind.BLUE_BOOK,
        P.RELEASE_BLUE_BOOK,
        "中国气候变化蓝皮书2023",
        "Blue Book on Climate Change in China 2023",
        "蓝皮书汇集我国气候系统监测的最新事实：气温、降水、冰冻圈与海平面的变化，以及极端天气气候事件的趋势，"
        "为应对气候变化和防灾减灾提供科学依据。",
        "The blue book gathers the latest observations of China's climate system — temperature, precipitation, "
        "the cryosphere and sea level, and the trends of extreme weather and climate events — as a scientific "
        "basis for climate action and disaster reduction.",
        "气候变化中心编写组",
        "Climate Change Centre writing group",
        "国家气候中心（示例）",
        "National Climate Centre (demo)",
        ("climate-change",),
    ),
    ReleaseSpec(
        "rocky-desertification-control-results",
        ReleaseKind.RESEARCH_RESULT,
        P.RELEASE_KARST,
        "石漠化治理技术体系研究成果",
        "Research Results on the Technical System for Rocky Desertification Control",
        "总结喀斯特地区石漠化综合治理的技术体系：植被恢复、水土保持、生态产业与监测评估，提炼贵州石漠化治理的模式与成效。",
        "A technical system for the integrated control of karst rocky desertification — vegetation restoration, "
        "soil and water conservation, ecological industries, monitoring and evaluation — and the models and "
        "results of Guizhou's work.",
        "喀斯特生态研究团队",
        "Karst ecology research team",
        "贵州喀斯特生态研究院（示例）",
        "Guizhou Karst Ecology Institute (demo)",
        ("rocky-desertification", "ecosystem-governance"),
    ),
    ReleaseSpec(
        "guiyang-declaration-protected-areas",
        ReleaseKind.DECLARATION,
        P.RELEASE_DECLARATION,
        "呵护自然之美·促进绿色发展——高质量推进自然保护地体系建设贵阳宣言",
        "Guiyang Declaration: Caring for the Beauty of Nature, Promoting Green Development — Advancing a "
        "High-Quality System of Protected Areas",
        "与会各方共同倡导以国家公园为主体的自然保护地体系建设，守护生物多样性，推动保护与发展协调共进。",
        "The participants call for a system of protected areas centred on national parks, to safeguard "
        "biodiversity and let protection and development advance together.",
        "论坛与会各方",
        "The participants of the forum",
        "生态文明贵阳国际论坛秘书处",
        "Secretariat of the Eco Forum Global Guiyang",
        ("protected-areas",),
        signatories=36,
    ),
    ReleaseSpec(
        "initiative-two-mountains",
        ReleaseKind.INITIATIVE,
        P.INITIATIVE_TWO_MOUNTAINS,
        "践行“两山”理念，全面建设美丽中国倡议",
        "Initiative: Practising the Two Mountains Idea, Building a Beautiful China in All Respects",
        "倡议践行“绿水青山就是金山银山”理念，推动生态产品价值实现，全面建设美丽中国。",
        "An initiative to practise the idea that lucid waters and lush mountains are invaluable assets, realize "
        "the value of ecological products and build a beautiful China.",
        "论坛与会各方",
        "The participants of the forum",
        "生态文明贵阳国际论坛秘书处",
        "Secretariat of the Eco Forum Global Guiyang",
        ("green-development",),
        signatories=24,
    ),
    ReleaseSpec(
        "initiative-integrated-governance",
        ReleaseKind.INITIATIVE,
        P.INITIATIVE_INTEGRATED,
        "山水林田湖草沙一体化保护和系统治理倡议",
        "Initiative on the Integrated Protection and Systematic Governance of Mountains, Rivers, Forests, "
        "Farmland, Lakes, Grasslands and Deserts",
        "倡议统筹山水林田湖草沙一体化保护和系统治理，提升生态系统多样性、稳定性和持续性。",
        "An initiative to protect and govern mountains, rivers, forests, farmland, lakes, grasslands and deserts "
        "as one whole, for ecosystems that are diverse, stable and lasting.",
        "论坛与会各方",
        "The participants of the forum",
        "生态文明贵阳国际论坛秘书处",
        "Secretariat of the Eco Forum Global Guiyang",
        ("ecosystem-governance",),
        signatories=12,
    ),
]

PARTNERS = [
    (
        "intl-mountain-ecology",
        PartnerKind.INTERNATIONAL_ORGANIZATION,
        "CH",
        "国际山地生态合作组织（示例）",
        "International Mountain Ecology Cooperation Organization (demo)",
    ),
    (
        "asean-green-research",
        PartnerKind.RESEARCH,
        "TH",
        "东盟绿色发展研究中心（示例）",
        "ASEAN Green Development Research Centre (demo)",
    ),
    (
        "nordic-climate-adaptation",
        PartnerKind.RESEARCH,
        "NO",
        "北欧气候适应研究所（示例）",
        "Nordic Institute for Climate Adaptation (demo)",
    ),
    (
        "mekong-eco-network",
        PartnerKind.NGO,
        "LA",
        "澜湄生态保护网络（示例）",
        "Lancang-Mekong Ecological Network (demo)",
    ),
    (
        "africa-sustainable-partnership",
        PartnerKind.INTERNATIONAL_ORGANIZATION,
        "KE",
        "非洲可持续发展伙伴关系（示例）",
        "African Sustainable Development Partnership (demo)",
    ),
]
AGREEMENTS = [
    (
        "mou-karst-research-2023",
        "intl-mountain-ecology",
        AgreementStatus.IN_FORCE,
        "喀斯特山地生态研究合作谅解备忘录",
        "Memorandum of understanding on karst mountain ecology research",
    ),
    (
        "mou-green-finance-asean-2023",
        "asean-green-research",
        AgreementStatus.SIGNED,
        "绿色金融与低碳园区合作谅解备忘录",
        "Memorandum of understanding on green finance and low-carbon parks",
    ),
    (
        "mou-climate-adaptation-2023",
        "nordic-climate-adaptation",
        AgreementStatus.NEGOTIATING,
        "山地城市气候适应合作谅解备忘录",
        "Memorandum of understanding on climate adaptation in mountain cities",
    ),
]
FOUNDATION = (
    "guizhou-green-climate-foundation",
    "贵州省绿色气候基金会成立",
    "The Guizhou Green Climate Foundation is founded",
    "论坛期间落地成立贵州省绿色气候基金会，支持气候变化减缓与适应、碳汇开发和绿色低碳项目。",
    (
        "Founded during the forum, the Guizhou Green Climate Foundation supports climate mitigation and "
        "adaptation, carbon sinks and green, low-carbon projects."
    ),
)
ADVICE = [
    (
        "把生物多样性与气候协同治理列为下一届主题论坛",
        "Make the synergy of biodiversity and climate action a theme forum",
        AdviceStatus.ADOPTED,
    ),
    ("增设青年科学家论坛", "Add a forum for young scientists", AdviceStatus.CONSIDERING),
    (
        "发布西南喀斯特碳汇监测年度报告",
        "Release a yearly report on karst carbon sinks in the south-west",
        AdviceStatus.RECEIVED,
    ),
    ("邀请澜湄国家地方政府参会", "Invite local governments of the Mekong countries", AdviceStatus.ADOPTED),
    ("把实地考察延长为半天", "Make field visits half a day long", AdviceStatus.DECLINED),
]


def draw_files() -> bool:
    return bool(getattr(settings, "DEMO_RELEASE_FILES", True))


def release_pdf(spec: ReleaseSpec, edition: Edition) -> bytes:
    from weasyprint import HTML

    html = f"""<html><head><style>
      @page {{ size: A4; margin: 25mm; }}
      body {{ font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; color: #1d3b2a; }}
      h1 {{ font-size: 26pt; margin-top: 60mm; }} h2 {{ font-size: 14pt; font-weight: normal; color: #3f6b52; }}
      p {{ font-size: 11pt; line-height: 1.6; }} .demo {{ margin-top: 30mm; color: #8a8a8a; font-size: 9pt; }}
    </style></head><body>
      <p>{escape(edition.name_zh_hans)} · {escape(edition.name_en)}</p>
      <h1>{escape(spec.title_zh)}</h1><h2>{escape(spec.title_en)}</h2>
      <p>{escape(spec.abstract_zh)}</p><p>{escape(spec.abstract_en)}</p>
      <p class="demo">示范文件，内容为虚构。A demonstration file; its content is invented.</p>
    </body></html>"""
    return HTML(string=html).write_pdf()


def load_releases(edition: Edition, *, report) -> None:
    """Add (or find) the releases and the platforms' demo data. Runs after the guests are loaded."""
    rng = random.Random(SEED)  # noqa: S311 (invented data, not a secret)
    topics = _topics(report)
    releases = _releases(edition, topics, report)
    _endorsements(releases, rng, report)
    partners = _partners(edition, report)
    _agreements(edition, partners, report)
    _delegations(edition, partners, report)
    _cases(edition, report)
    _advice(edition, report)
    _directory(edition, rng, report)


def _topics(report) -> dict[str, Topic]:
    from .loader import upsert

    return {
        slug: upsert(Topic, report, {"slug": slug}, {"name_zh_hans": zh, "name_en": en, "order": order})
        for order, (slug, zh, en) in enumerate(TOPICS)
    }


def _organization(name_zh: str, name_en: str, country: str, kind: str, report) -> Organization:
    from .loader import upsert

    return upsert(
        Organization,
        report,
        {"name_zh_hans": name_zh},
        {"name": name_zh, "name_en": name_en, "country": country, "kind": kind, "is_demo": True},
    )


def _releases(edition: Edition, topics: dict[str, Topic], report) -> list[tuple[ReleaseSpec, Release]]:
    from .loader import set_related, upsert

    out = []
    for spec in RELEASES:
        session = Session.objects.filter(edition=edition, title_zh_hans=spec.session.title_zh_hans).first()
        released_at = edition.starts_at + dt.timedelta(hours=10)
        if session is not None:
            slot = session.slots.filter(start__isnull=False).order_by("-release__published_at").first()
            if slot is not None:
                released_at = slot.start
        release = upsert(
            Release,
            report,
            {"edition": edition, "slug": spec.slug},
            {
                "kind": spec.kind,
                "title": spec.title_zh,
                "title_zh_hans": spec.title_zh,
                "title_en": spec.title_en,
                "abstract_zh_hans": spec.abstract_zh,
                "abstract_en": spec.abstract_en,
                "author_text_zh_hans": spec.author_zh,
                "author_text_en": spec.author_en,
                "session": session,
                "released_at": released_at,
                "is_published": True,
                "endorsements_open": spec.signatories > 0,
                "is_demo": True,
            },
        )
        issuer = _organization(spec.issuer_zh, spec.issuer_en, "CN", OrganizationKind.OTHER, report)
        set_related(release.issuers, [issuer], report, "releases.Release.issuers")
        set_related(release.topics, [topics[slug] for slug in spec.topics], report, "releases.Release.topics")
        slugs = [s.strip() for s in spec.session.people.split(",")]
        people = {p.slug: p for p in Person.objects.filter(slug__in=slugs)}
        for order, slug in enumerate(slugs):
            if slug in people:
                upsert(ReleaseAuthor, report, {"release": release, "person": people[slug]}, {"order": order})
        if draw_files() and not release.versions.exists():
            content = release_pdf(spec, edition)
            version = ReleaseVersion(
                release=release,
                number="1.0",
                changelog_zh_hans="首次发布。",
                changelog_en="First release.",
                file_name=f"{spec.title_zh}.pdf",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
            version.file.save(f"{spec.slug}.pdf", ContentFile(content), save=False)
            version.save()
            report.add(ReleaseVersion, created=True)
        out.append((spec, release))
    return out


def _endorsements(releases, rng: random.Random, report) -> None:
    organizations = list(Organization.objects.filter(is_demo=True).order_by("pk")[:60])
    for spec, release in releases:
        if not spec.signatories or release.endorsements.exists():
            continue
        rows = []
        for n in range(spec.signatories):
            as_org = n % 3 == 0 and organizations
            org = organizations[(n * 7) % len(organizations)] if organizations else None
            email = f"signatory{n:03d}.{spec.slug[:12]}@demo.ecoforum.example"
            rows.append(
                Endorsement(
                    release=release,
                    kind=SignatoryKind.ORGANIZATION if as_org else SignatoryKind.PERSON,
                    name=(org.name_zh_hans if as_org and org else f"联署人{n + 1:03d}"),
                    organization="" if as_org or org is None else org.name_zh_hans,
                    country="CN",
                    email=email,
                    email_key=blind_index(email, "endorsement"),
                    confirmed_at=release.released_at + dt.timedelta(minutes=5 + 11 * n),
                )
            )
        Endorsement.objects.bulk_create(rows)
        report.created[Endorsement._meta.label] += len(rows)


def _partners(edition: Edition, report) -> dict[str, Partner]:
    """The forum's demo partners (partners belong to the forum, not to one edition)."""
    from .loader import upsert

    partners = {}
    for slug, kind, country, zh, en in PARTNERS:
        organization = _organization(zh, en, country, OrganizationKind.INTERNATIONAL, report)
        partners[slug] = upsert(
            Partner,
            report,
            {"forum": edition.forum, "slug": slug},
            {
                "organization": organization,
                "kind": kind,
                "country": country,
                "description_zh_hans": f"{zh}，论坛的国际合作伙伴（虚构，仅用于演示）。",
                "description_en": f"{en}, an international partner of the forum (invented for the demonstration).",
                "since": dt.date(2019 + len(partners) % 4, 7, 1),
                "is_demo": True,
            },
        )
    return partners


def _agreements(edition: Edition, partners: dict[str, Partner], report) -> None:
    from .loader import set_related, upsert

    signing = Session.objects.filter(edition=edition, kind="signing").first()
    for slug, partner, status, zh, en in AGREEMENTS:
        signed = status != AgreementStatus.NEGOTIATING
        agreement = upsert(
            Agreement,
            report,
            {"forum": edition.forum, "slug": slug},
            {
                "kind": AgreementKind.MOU,
                "title": zh,
                "title_zh_hans": zh,
                "title_en": en,
                "summary_zh_hans": f"{zh}（示例）：联合研究、人员交流与成果共享。",
                "summary_en": f"{en} (demo): joint research, exchanges of people and shared results.",
                "edition": edition,
                "session": signing if signed else None,
                "status": status,
                "signed_on": edition.start_date if signed else None,
                "starts_on": edition.start_date if signed else None,
                "ends_on": edition.start_date.replace(year=edition.start_date.year + 3) if signed else None,
                "is_demo": True,
            },
        )
        set_related(agreement.partners, [partners[partner]], report, "cooperation.Agreement.partners")


def _delegations(edition: Edition, partners: dict[str, Partner], report) -> None:
    """The Laotian and Kenyan guests with passports as two delegations, each with a head and letters."""
    from .loader import upsert

    for country, partner, zh, en in (
        ("LA", "mekong-eco-network", "老挝代表团", "Delegation of Laos"),
        ("KE", "africa-sustainable-partnership", "肯尼亚代表团", "Delegation of Kenya"),
    ):
        guests = list(
            Registration.objects.filter(
                edition=edition,
                status=RegistrationStatus.APPROVED,
                attendance=Attendance.ON_SITE,
                person__country=country,
            )
            .select_related("person")
            .order_by("pk")[:6]
        )
        if not guests:
            continue
        delegation = upsert(
            Delegation,
            report,
            {"edition": edition, "country": country},
            {"name": zh, "name_zh_hans": zh, "name_en": en, "partner": partners[partner]},
        )
        for order, registration in enumerate(guests):
            upsert(
                DelegationMember,
                report,
                {"delegation": delegation, "person": registration.person},
                {"registration": registration, "is_head": order == 0, "order": order},
            )
            if not InvitationLetter.objects.filter(edition=edition, person=registration.person).exists():
                sequence = (
                    InvitationLetter.objects.filter(edition=edition)
                    .order_by("-sequence")
                    .values_list("sequence", flat=True)
                    .first()
                    or 0
                ) + 1
                InvitationLetter.objects.create(
                    edition=edition,
                    sequence=sequence,
                    number=f"EFGG-{edition.year}-{sequence:04d}",
                    person=registration.person,
                    registration=registration,
                    delegation=delegation,
                )
                report.add(InvitationLetter, created=True)


def _cases(edition: Edition, report) -> None:
    from .loader import upsert

    slug, zh, en, summary_zh, summary_en = FOUNDATION
    upsert(
        PracticeCase,
        report,
        {"slug": slug},
        {
            "kind": CaseKind.INSTITUTION,
            "title": zh,
            "title_zh_hans": zh,
            "title_en": en,
            "summary_zh_hans": summary_zh,
            "summary_en": summary_en,
            "region_zh_hans": "贵州省",
            "region_en": "Guizhou",
            "year": edition.year,
            "edition": edition,
            "is_demo": True,
        },
    )
    for site in Site.objects.filter(edition=edition).order_by("slug"):
        upsert(
            PracticeCase,
            report,
            {"slug": f"site-{site.slug}"},
            {
                "kind": CaseKind.DEMONSTRATION_SITE,
                "title": site.name_zh_hans,
                "title_zh_hans": site.name_zh_hans,
                "title_en": site.name_en,
                "summary_zh_hans": site.demonstrates_zh_hans,
                "summary_en": site.demonstrates_en,
                "region_zh_hans": "贵州省",
                "region_en": "Guizhou",
                "year": edition.year,
                "edition": edition,
                "site": site,
                "is_demo": True,
            },
        )


def _advice(edition: Edition, report) -> None:
    from .loader import upsert

    experts = list(ExpertProfile.objects.select_related("person").order_by("person__slug")[: len(ADVICE)])
    for profile, (zh, en, status) in zip(experts, ADVICE, strict=False):
        upsert(
            AdvisoryInput,
            report,
            {"person": profile.person, "edition": edition, "title_zh_hans": zh},
            {
                "title": zh,
                "title_en": en,
                "status": status,
                "response_zh_hans": "" if status == AdviceStatus.RECEIVED else "感谢建议，组委会已研究。",
                "response_en": "" if status == AdviceStatus.RECEIVED else "Thank you: the committee has looked at it.",
            },
        )


def _directory(edition: Edition, rng: random.Random, report) -> None:
    if DirectoryEntry.objects.filter(edition=edition).exists():
        return
    guests = list(
        Registration.objects.filter(
            edition=edition, status=RegistrationStatus.APPROVED, category__code__in=["guest", "investor", "exhibitor"]
        )
        .select_related("person")
        .order_by("pk")[:400]
    )
    chosen = rng.sample(guests, min(60, len(guests)))
    entries = [
        DirectoryEntry(
            person=r.person,
            edition=edition,
            headline_zh_hans=rng.choice(["绿色金融", "新能源汽车", "生态修复", "碳汇开发", "环保装备", "生态农业"]),
            headline_en="",
            looking_for_zh_hans=rng.choice(["寻找项目合作伙伴", "寻找投资方", "交流技术经验", "寻找示范应用场景"]),
        )
        for r in chosen
    ]
    DirectoryEntry.objects.bulk_create(entries)
    report.created[DirectoryEntry._meta.label] += len(entries)
    requests = []
    for a, b in zip(chosen[:10], chosen[10:20], strict=False):
        requests.append(
            ContactRequest(
                edition=edition,
                sender=a.person,
                recipient=b.person,
                message="希望在论坛期间交流。",
                status=rng.choice(list(ContactStatus.values)[:3]),
            )
        )
    ContactRequest.objects.bulk_create(requests)
    report.created[ContactRequest._meta.label] += len(requests)
