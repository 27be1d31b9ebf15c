"""The permission sweep's addresses: every URL pattern of the project, what fills its keyword arguments,
and what kind of page it is.

Every pattern that takes a keyword argument is swept. A keyword argument is filled from the tenant's
values (see :mod:`tests.hardening.sweep_world`) through :data:`BY_NAME` (the argument's name alone says
what it is) or :data:`BY_PATTERN` (``pk``, ``slug``, ``code`` … mean something else on each page). A
pattern that neither fills must be in :data:`UNFILLABLE` with the reason; a new one fails the sweep, so
every future page is swept too.

Pages are private unless listed here: :data:`PUBLIC` (anyone may read it; another tenant's id of the
same edition is public data), :data:`OPEN` (acting on another participant's id is the page's purpose:
ask a meeting about any project, contact any directory entry) and :data:`CAPABILITY` (the secret token
in the address is the key). Any of them must still refuse an object of another edition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

#: Keyword arguments whose name says what they are, wherever they appear: name -> tenant value key.
BY_NAME = {
    "edition": "edition",
    "edition_slug": "edition",
    "session_id": "session",
    "session_pk": "session",
    "project_id": "project",
    "attachment_pk": "attachment",
    "investor_pk": "investor",
    "product_pk": "product",
    "staff_pk": "staff",
    "application_pk": "application",
    "registration_pk": "registration",
    "signup_id": "signup",
    "form_slug": "form",
    "reference": "reference",
    "stage_id": "stage",
}

#: Keyword arguments that mean something else on each page: (url name, argument) -> tenant value key.
BY_PATTERN = {
    # program
    ("manage:session_edit", "pk"): "session",
    ("manage:session_schedule", "pk"): "session",
    ("manage:session_people", "pk"): "session",
    ("program:session", "pk"): "session",
    ("program:theme_forum", "slug"): "theme_forum",
    ("program:speaker", "slug"): "speaker",
    ("program_exports:agenda_ics", "token"): "agenda",
    ("forums:charter_version", "number"): "charter",
    # investment
    ("manage_investment:project", "pk"): "project",
    ("manage_investment:attachment_remove", "pk"): "project",
    ("manage_investment:meeting_move", "pk"): "meeting",
    ("manage_investment:meeting_book", "pk"): "meeting_request",
    ("manage_investment:meeting_table", "number"): "table",
    ("manage_investment:signing_edit", "pk"): "signing",
    ("manage_investment:signing_delete", "pk"): "signing",
    ("manage_investment:signing_move", "pk"): "signing",
    ("investment:project", "pk"): "project",
    ("investment:attachment", "pk"): "project",
    ("investment:investor_request", "pk"): "project",
    ("investment:owner_project", "pk"): "project",
    ("investment:owner_request", "pk"): "project",
    ("investment:request_answer", "pk"): "meeting_request",
    ("investment:meetings_feed", "token"): "meeting_feed",
    ("investment:meeting_confirm", "pk"): "meeting",
    ("investment:meeting_cancel", "pk"): "meeting",
    # exhibition
    ("manage_exhibition:floorplan_booth", "pk"): "booth",
    ("manage_exhibition:floorplan_booth_delete", "pk"): "booth",
    ("manage_exhibition:floorplan_hall", "pk"): "hall",
    ("manage_exhibition:floorplan_zone", "pk"): "zone",
    ("manage_exhibition:application_reserve", "pk"): "application",
    ("manage_exhibition:application_confirm", "pk"): "application",
    ("manage_exhibition:application_decline", "pk"): "application",
    ("manage_exhibition:application_release", "pk"): "application",
    ("manage_exhibition:visit_manifest", "code"): "route",
    ("manage_exhibition:visit_manifest_xlsx", "code"): "route",
    ("manage_exhibition:launch_cancel", "pk"): "launch",
    ("exhibition:exhibitor", "slug"): "exhibitor_slug",
    ("exhibition:product", "slug"): "exhibitor_slug",
    ("exhibition:product", "pk"): "product",
    ("exhibition:portal_exhibitor", "pk"): "exhibitor",
    ("exhibition:portal_profile", "pk"): "exhibitor",
    ("exhibition:portal_product_add", "pk"): "exhibitor",
    ("exhibition:portal_product", "pk"): "exhibitor",
    ("exhibition:portal_product_remove", "pk"): "exhibitor",
    ("exhibition:portal_staff_add", "pk"): "exhibitor",
    ("exhibition:portal_staff_remove", "pk"): "exhibitor",
    ("exhibition:portal_apply", "pk"): "exhibitor",
    ("exhibition:portal_withdraw", "pk"): "exhibitor",
    ("exhibition:visit_site", "slug"): "site",
    ("exhibition:visit_signup", "code"): "route",
    ("exhibition:visit_cancel", "code"): "route",
    ("cases:case", "slug"): "case",
    # services
    ("manage_services:category_capacity", "pk"): "category",
    ("manage_services:form_codes", "slug"): "form",
    ("manage_services:form_codes_xlsx", "slug"): "form",
    ("manage_services:room_release", "pk"): "allocation",
    ("manage_services:rooming_xlsx", "pk"): "hotel",
    ("manage_services:leg_assign", "pk"): "leg",
    ("manage_services:leg_unassign", "pk"): "leg",
    ("manage_services:run_manifest", "pk"): "run",
    ("manage_services:run_manifest_xlsx", "pk"): "run",
    ("manage_services:run_change", "pk"): "run",
    ("manage_services:run_cancel", "pk"): "run",
    ("services:guest", "token"): "token",
    ("services:guest_details", "token"): "token",
    ("services:guest_cancel", "token"): "token",
    ("services:guest_signup", "token"): "token",
    ("services:guest_signup_cancel", "token"): "token",
    ("services:badge", "token"): "token",
    ("services:travel", "token"): "token",
    # releases
    ("manage_releases:release", "pk"): "release",
    ("manage_releases:add_version", "pk"): "release",
    ("manage_releases:publish", "pk"): "release",
    ("manage_releases:signatories", "pk"): "release",
    ("releases:release", "slug"): "release_slug",
    ("releases:download", "slug"): "release_slug",
    ("releases:download_version", "slug"): "release_slug",
    ("releases:download_version", "number"): "version",
    ("releases:endorse", "slug"): "release_slug",
    ("releases:confirm", "slug"): "release_slug",
    ("releases:confirm", "token"): "endorsement",
    ("api:get_release", "slug"): "release_slug",
    # cooperation
    ("manage_cooperation:delegation", "pk"): "delegation",
    ("manage_cooperation:member_remove", "pk"): "member",
    ("manage_cooperation:letter_pdf", "pk"): "letter",
    ("manage_cooperation:letter_revoke", "pk"): "letter",
    ("manage_cooperation:partner", "pk"): "partner",
    ("manage_cooperation:agreement", "pk"): "agreement",
    ("manage_cooperation:agreement_status", "pk"): "agreement",
    ("letters:verify", "token"): "letter_token",
    # think tank and exchange
    ("manage_people:withdraw", "pk"): "invitation",
    ("manage_people:advice_answer", "pk"): "advice",
    ("thinktank:advice_edit", "pk"): "advice",
    ("thinktank:expert", "slug"): "expert",
    ("people:rsvp", "token"): "rsvp",
    ("directory:contact", "pk"): "directory_entry",
    ("directory:answer", "pk"): "contact",
    ("directory:withdraw", "pk"): "contact",
    # outcomes
    ("manage_outcomes:outcome", "code"): "outcome",
    ("outcomes:outcome", "code"): "outcome",
    ("outcomes_portal:report", "code"): "outcome",
    ("outcomes_portal:evidence", "code"): "outcome",
    ("outcomes_portal:evidence", "pk"): "evidence",
    ("api:get_outcome", "code"): "outcome",
    ("api:record_stage", "code"): "outcome",
    ("api:replan_stage", "code"): "outcome",
    # evaluation
    ("manage_evaluation:survey", "slug"): "survey",
    ("manage_evaluation:survey_state", "slug"): "survey",
    ("manage_evaluation:question_add", "slug"): "survey",
    ("manage_evaluation:question", "slug"): "survey",
    ("manage_evaluation:question", "pk"): "question",
    ("manage_evaluation:question_action", "slug"): "survey",
    ("manage_evaluation:question_action", "pk"): "question",
    ("manage_evaluation:survey_results", "slug"): "survey",
    ("manage_evaluation:survey_answers", "slug"): "survey",
    ("evaluation:survey", "slug"): "survey",
    ("api:create_response", "slug"): "survey",
    ("api:get_results", "slug"): "survey",
    # exhibitors in the API
    ("api:get_exhibitor", "slug"): "exhibitor_slug",
    # background jobs
    ("job", "pk"): "job",
    ("job_download", "pk"): "job",
}

#: Arguments that are not an object's id: filled with a fixed value that exists.
CONSTANTS = {
    ("manage_investment:booklet", "file_format"): "pdf",
    ("investment:request_answer", "action"): "accept",
}

#: Tenant value keys that name nothing of a tenant (shared by editions, or a number inside another object):
#: they are filled from the tenant like the rest, but do not make an address "another tenant's".
#: Partners and agreements are the forum's registry across its editions (an agreement's edition only says
#: where it was signed), so the organizers of any of the forum's editions manage them; they are never shared
#: by two forums (see :data:`FORUM_KEYS`).
SHARED_KEYS = {"edition", "charter", "partner", "agreement", "version", "table", "case", "expert", "speaker"}

#: Tenant value keys that name a forum's object (shared by its editions, not by forums): another forum's must
#: be refused (test_permission_sweep.test_organizer_cannot_reach_another_forums_partners).
FORUM_KEYS = {"partner", "agreement"}

#: Patterns the sweep cannot fill, with the reason. A new unfillable pattern fails the sweep.
UNFILLABLE = {
    "admin:*": "the Django admin: its object ids are a path per model, and only superusers and staff with the "
    "model's permissions get in (the program's admin scopes its rows itself: tests/demo/test_admin.py)",
}

#: Anyone may read these: another tenant's id of the same edition is public data. Reason per page.
PUBLIC = {
    "forums:charter_version": "the forum's charter, shared by its editions",
    "program:session": "the published program",
    "program:theme_forum": "the published program",
    "program:speaker": "the published program's speakers",
    "investment:project": "the project index is public",
    "exhibition:exhibitor": "the exhibitor directory is public",
    "exhibition:product": "the exhibitor directory is public",
    "exhibition:visit_site": "field-visit sites are public",
    "cases:case": "practice cases are public",
    "thinktank:expert": "the experts registry is public",
    "releases:release": "published releases are public",
    "releases:download": "published releases are public",
    "releases:download_version": "published releases are public",
    "outcomes:outcome": "outcomes are public",
    "api:get_session": "the published program",
    "api:get_project": "the project index is public",
    "api:get_exhibitor": "the exhibitor directory is public",
    "api:get_release": "published releases are public",
    "api:get_outcome": "outcomes are public",
}

#: Acting on another participant's id is the page's purpose (same edition only). Reason per page.
OPEN = {
    "investment:investor_request": "an investor asks for a meeting about any project of the index",
    "investment:owner_request": "a project owner asks any investor for a meeting (the project must be theirs)",
    "exhibition:visit_signup": "any guest signs up for a field visit",
    "exhibition:visit_cancel": "any guest cancels their own sign-up for a field visit",
    "services:register": "the open registration forms",
    "api:create_registration": "the open registration forms",
    "releases:endorse": "anyone endorses an initiative",
    "directory:contact": "a participant contacts any directory entry",
    "evaluation:survey": "a published survey is answered by its audience",
    "api:create_response": "a published survey is answered by its audience",
    "api:get_results": "a survey's published results",
    "services:guest_signup": "a guest (by their private link) signs up for any session with limited places",
    "program:star": "anyone stars a session of the published program in their agenda",
}

#: The secret token in the address is the key (whoever holds it may use it). Reason per page.
CAPABILITY = {
    "program_exports:agenda_ics": "the private calendar address of a personal agenda",
    "investment:meetings_feed": "the signed private calendar address of a person's meetings",
    "services:guest": "the private link in every message to the guest",
    "services:guest_details": "the guest's private link",
    "services:guest_cancel": "the guest's private link",
    "services:guest_signup_cancel": "the guest's private link",
    "services:badge": "the guest's private link",
    "services:travel": "the guest's private link",
    "releases:confirm": "the confirmation link e-mailed to the endorser",
    "letters:verify": "the verification code printed on an invitation letter",
    "people:rsvp": "the invitation's private answer link",
}


@dataclass(frozen=True)
class Pattern:
    route: str  # "manage/<str:edition_slug>/program/sessions/<id:pk>/"
    name: str  # "manage:session_edit"
    kwargs: tuple[str, ...]  # in the order of the address
    methods: tuple[str, ...]

    def fill(self, values: dict) -> dict:
        filled = {}
        for kwarg in self.kwargs:
            key = value_key(self.name, kwarg)
            filled[kwarg] = values[key] if key is not None else CONSTANTS[(self.name, kwarg)]
        return filled

    def path(self, filled: dict) -> str:
        def sub(match: re.Match) -> str:
            return str(filled[match.group(2)])

        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: sub(m), self.route)

    def object_keys(self) -> list[str]:
        """The tenant value keys of the address's arguments that name a tenant's object."""
        keys = []
        for kwarg in self.kwargs:
            key = value_key(self.name, kwarg)
            if key is not None and key not in SHARED_KEYS:
                keys.append(key)
        return keys

    def forum_keys(self) -> list[str]:
        """The tenant value keys of the address's arguments that name one forum's object."""
        return [key for kwarg in self.kwargs if (key := value_key(self.name, kwarg)) in FORUM_KEYS]

    @property
    def takes_edition(self) -> bool:
        return any(value_key(self.name, kwarg) == "edition" for kwarg in self.kwargs)

    @property
    def is_api(self) -> bool:
        return self.route.startswith("api/")


def value_key(name: str, kwarg: str) -> str | None:
    if (name, kwarg) in BY_PATTERN:
        return BY_PATTERN[(name, kwarg)]
    if (name, kwarg) in CONSTANTS:
        return None
    if kwarg in BY_NAME:
        return BY_NAME[kwarg]
    raise KeyError((name, kwarg))


def _walk(resolver, prefix="", namespace=None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _walk(entry, prefix + str(entry.pattern), full)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or namespace or "")
            yield prefix + str(entry.pattern), name, entry


def _unfillable_key(route: str, name: str) -> str | None:
    if route.startswith("manage/admin/"):
        return "admin:*"
    return name if name in UNFILLABLE else None


def all_patterns(api_methods: dict[str, tuple[str, ...]]) -> tuple[list[Pattern], list[str], list[tuple]]:
    """(patterns to sweep, unfillable routes listed in :data:`UNFILLABLE`, new unfillable (route, name, kwarg))."""
    sweep: dict[str, Pattern] = {}
    listed: list[str] = []
    new: list[tuple] = []
    for route, name, _entry in _walk(get_resolver()):
        kwargs = tuple(m.group(2) for m in re.finditer(r"<(?:(\w+):)?(\w+)>", route))
        if not kwargs and "(?P<" not in route:
            continue
        if _unfillable_key(route, name):
            listed.append(route)
            continue
        if "(?P<" in route:
            new.append((route, name, "regex"))
            continue
        missing = [kwarg for kwarg in kwargs if _try_key(name, kwarg) is False]
        if missing:
            new.extend((route, name, kwarg) for kwarg in missing)
            continue
        if route.startswith("api/"):
            methods = api_methods.get("/" + route, ("GET", "POST"))
            methods = tuple(sorted(set(methods) | {"GET", "POST"}))
        else:
            methods = ("GET", "POST")
        sweep.setdefault(route, Pattern(route=route, name=name, kwargs=kwargs, methods=methods))
    return list(sweep.values()), listed, new


def _try_key(name: str, kwarg: str) -> bool:
    try:
        value_key(name, kwarg)
    except KeyError:
        return False
    return True


def api_methods_from_openapi(document: dict) -> dict[str, tuple[str, ...]]:
    """OpenAPI path ("/api/editions/{edition_slug}/…") -> its methods, keyed by the Django route."""
    methods = {}
    for path, operations in document["paths"].items():
        route = re.sub(r"\{(\w+)\}", r"<\1>", path)
        methods[route] = tuple(method.upper() for method in operations if method != "parameters")
    return methods


#: Reads of the API's back office that take only an edition (their writes are private anyway).
#: (The draft's list answers 200 with only the sessions the user may change: an empty page elsewhere.)
BACKOFFICE_API_READS = {"api:list_registrations", "api:checkin_counts"}


def is_private(pattern: Pattern, method: str) -> bool:
    """Whether only the tenant's own people (or its committee) may use the address with ``method``.

    An address naming an object is private unless listed as public, open or a capability. One naming
    only the edition is private in the back office (``/manage/``) and for the API's back-office reads
    and writes; the edition's public pages and the user's own portal pages name no other tenant."""
    if pattern.name in PUBLIC or pattern.name in OPEN or pattern.name in CAPABILITY:
        return False
    if pattern.object_keys():
        return True
    if pattern.route.startswith("manage/"):
        return True
    if pattern.is_api:
        return method != "GET" or pattern.name in BACKOFFICE_API_READS
    return False


def api_body(pattern: Pattern, method: str, values: dict) -> dict:
    """A body the API's schema accepts, so that the address's access check (not the body's) answers."""
    route = pattern.route
    start = values["session_start"]
    bodies = {
        "program/releases": {"version": "9.9"},
        "program/draft/sessions": {"code": "SWEEP-1", "title": {"zh-hans": "扫描"}},
        "/slot": {"room": values["room"], "start": start, "end": start.replace("T09:", "T10:")},
        "/people": {"people": []},
        "/registrations": {"email": "sweep@example.org", "name_zh": "扫描"},
        "checkins": {"gate": "gate-sweep", "payload": "EFG1-SWEEP", "scan_id": "6f1c2d4e-8a9b-4c3d-9e8f-7a6b5c4d3e2f"},
        "checkins/batch": {"scans": []},
        "/record": {"actual_on": "2024-01-01"},
        "/replan": {"planned_on": "2024-06-30", "reason": "扫描"},
        "/responses": {"answers": {}},
    }
    for suffix, body in bodies.items():
        if route.endswith(suffix) and method in ("POST", "PUT", "PATCH"):
            return body
    return {}
