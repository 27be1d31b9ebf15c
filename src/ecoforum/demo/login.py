"""How people log in to the demo: one password, never in the repository.

The password comes from ``ECOFORUM_DEMO_PASSWORD``, or is generated once and kept
in ``var/demo-login.txt`` (readable by its owner only) beside the SQLite database.
``ecoforum serve`` prints the same file as its login hint.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

ENV_VAR = "ECOFORUM_DEMO_PASSWORD"
FILE_NAME = "demo-login.txt"
ORGANIZER = "admin"
COORDINATOR = "coordinator"
INVESTOR = "investor"  # an investor's contact person, for the investor portal
OWNER = "owner"  # a project owner's contact person, for the owner portal
EXHIBITOR = "exhibitor"  # an exhibitor's manager, for the exhibitor portal
DESK = "desk"  # guest services: registrations, identity data, badges, hotels, transport, meals
GATE = "gate"  # gate staff: the badge scanner only
UNIT = "unit"  # a responsible unit's contact person: reports on its outcomes after the forum
HEADER = "# ecoforum demo: how to log in (written by `ecoforum demo`; keep it private, never commit it)"


@dataclass(frozen=True)
class DemoLogin:
    password: str
    from_env: bool


def login_file() -> Path:
    return Path(settings.VAR_DIR) / FILE_NAME


def read_login_file(path: Path | None = None) -> dict[str, str]:
    """``{"password": …, "site": …}`` from the login file; empty when there is none."""
    path = path or login_file()
    if not path.is_file():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith("#"):
            values[key.strip()] = value.strip()
    return values


def demo_login() -> DemoLogin:
    """The demo password: the environment's, the one kept in the file, or a new one."""
    from_env = os.environ.get(ENV_VAR, "")
    if from_env:
        return DemoLogin(from_env, from_env=True)
    stored = read_login_file().get("password", "")
    if stored:
        return DemoLogin(stored, from_env=False)
    return DemoLogin(secrets.token_urlsafe(12), from_env=False)


def site_urls(edition_slug: str) -> tuple[str, str]:
    return f"{settings.SITE_URL}/{edition_slug}/", f"{settings.SITE_URL}/manage/admin/"


def login_lines(login: DemoLogin, edition_slug: str) -> list[str]:
    site, back_office = site_urls(edition_slug)
    password = f"password-from: {ENV_VAR}" if login.from_env else f"password: {login.password}"
    return [
        f"site: {site}",
        f"back office: {back_office}",
        f"organizer: {ORGANIZER}",
        f"coordinator: {COORDINATOR}",
        f"investor: {INVESTOR}",
        f"project owner: {OWNER}",
        f"exhibitor: {EXHIBITOR}",
        password,
    ]


def write_login_file(login: DemoLogin, edition_slug: str) -> Path:
    """Write the file (owner-only) unless it already says the same."""
    path = login_file()
    text = "\n".join([HEADER, *login_lines(login, edition_slug)]) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    path.chmod(0o600)
    return path
