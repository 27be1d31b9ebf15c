"""The API: one NinjaAPI that mounts each app's router. OpenAPI at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="ecoforum API",
    version="1",
    description="The forum's program, for conference apps, partner systems and organizers' tools.",
    urls_namespace="api",
)
