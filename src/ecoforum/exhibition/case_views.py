"""The practice-innovation platform (实践创新平台): /cases/ and /cases/<slug>/, across editions."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import cases
from .enums import CaseKind


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    chosen = cases.CaseFilter.from_query(request.GET)
    page = Paginator(cases.published_cases(chosen), cases.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"case": case, "map": cases.site_map(case)} for case in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "chosen": chosen,
        "kinds": CaseKind.choices,
        "regions": cases.case_regions(),
        "years": cases.case_years(),
        "query": query.urlencode(),
    }
    return render(request, "exhibition/cases/cases.html", context)


@require_GET
def case_page(request: HttpRequest, slug: str) -> HttpResponse:
    case = cases.published_case(slug)
    if case is None:
        raise Http404("No such case")
    context = {"case": case, "map": cases.site_map(case)}
    return render(request, "exhibition/cases/case.html", context)
