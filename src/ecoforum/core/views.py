from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse

from . import outage


def healthz(request):
    """For load balancers and the benchmarks: the app answers and reaches its database.

    A readiness check: ``ok`` (200) when the database answers, ``database unavailable`` (503 with
    ``Retry-After``) when it does not, so that the load balancer stops sending visitors to this host
    until it does. The app process keeps running and reconnects by itself.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except (OperationalError, InterfaceError) as exc:
        return outage.probe_failed(request, exc)
    return HttpResponse("ok", content_type="text/plain")
