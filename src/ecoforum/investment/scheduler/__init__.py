"""The 1:1 meeting scheduler: data in :mod:`.model`; ``solve`` and the first-come first-served baseline.

Public interface (stable, the app and the command use only this):

- ``parse_instance(data: dict) -> Instance`` validates JSON-shaped data; raises ``InstanceError``.
- ``solve(instance, time_limit: float = 30.0) -> Result``
- ``first_come_first_served(instance) -> Result``
"""

from .baseline import first_come_first_served
from .model import Instance, InstanceError, Participant, Pin, Placement, Request, Result, Slot
from .parse import parse_instance
from .solver import solve

__all__ = [
    "Instance",
    "InstanceError",
    "Participant",
    "Pin",
    "Placement",
    "Request",
    "Result",
    "Slot",
    "first_come_first_served",
    "parse_instance",
    "solve",
]
