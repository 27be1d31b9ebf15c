from django.shortcuts import redirect, render

from .queries import public_editions


def index(request):
    """The site's front door: the newest public edition."""
    edition = public_editions().order_by("-start_date").first()
    if edition is None:
        return render(request, "forums/no_edition.html", status=200)
    return redirect("program:home", edition=edition.slug)
