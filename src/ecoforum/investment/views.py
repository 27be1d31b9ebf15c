"""Public pages of the edition's green investment: the project directory and each project.

Every view receives ``edition`` as an object (the EditionMiddleware resolves the
``/<edition>/`` part). Lists read through ``queries``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ecoforum.core.money import Money

from . import attachments, queries

#: Projects a page of the directory shows (a trade fair lists 10,000).
PER_PAGE = 50


class ProjectFilter(forms.Form):
    """What the project directory filters on; invalid values are ignored, not reported."""

    industry = forms.RegexField(required=False, regex=queries.CODE_QUERY, max_length=20)
    region = forms.CharField(required=False, max_length=50, strip=True)
    q = forms.CharField(required=False, max_length=100, strip=True)

    def value(self, name: str) -> str:
        return (self.cleaned_data.get(name) or "") if hasattr(self, "cleaned_data") else ""


@require_GET
def projects(request, edition):
    form = ProjectFilter(request.GET)
    form.is_valid()
    selected = {name: form.value(name) for name in ("industry", "region", "q")}
    found = queries.projects_of(edition, industry=selected["industry"], region=selected["region"], text=selected["q"])
    count, amount = queries.project_totals(found)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "edition": edition,
        "page": page,
        "projects": page.object_list,
        "page_query": urlencode({name: value for name, value in selected.items() if value}),
        "count": count,
        "total": Money(amount).format(),
        "industries": list(queries.industries(level=1)),
        "regions": queries.project_regions(edition),
        "selected": selected,
        "is_filtered": any(selected.values()),
        "has_booklet": queries.latest_booklet(edition) is not None,
    }
    return render(request, "investment/projects.html", context)


@require_GET
def project_detail(request, edition, pk: int):
    project = queries.project_of(edition, pk)
    if project is None:
        raise Http404
    context = {
        "edition": edition,
        "project": project,
        "amount": project.money.format(),
        "files": attachments.attachments_for(request.user, project),
    }
    return render(request, "investment/project.html", context)
