"""``ecoforum backup [--output DIR]``: the database and the uploaded files in one archive.

The archive (``ecoforum-backup-<UTC time>.tar.gz``, written under a temporary name and renamed
when complete) holds:

- ``manifest.json``: when, which ecoforum and Django, which kind of database, the migrations
  applied, the number of rows of the key tables and of the media files;
- ``database.dump`` (PostgreSQL: ``pg_dump --format=custom`` of ``DATABASE_URL``) or
  ``database.sqlite3`` (SQLite: a consistent copy made with SQLite's backup API, safe while the
  site runs);
- ``media/``: everything under ``MEDIA_ROOT`` (uploads, release files, evidence, generated files).

``ecoforum restore ARCHIVE --yes`` puts it back. Keys are not in the archive: ``SECRET_KEY`` and
``ECOFORUM_DATA_KEYS`` (identity data is encrypted with them) are kept apart from backups.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_DIR = "media"

#: Tables counted in the manifest (and checked again after a restore), by model label.
KEY_MODELS = (
    "auth.User",
    "forums.Edition",
    "people.Person",
    "people.Organization",
    "program.Session",
    "services.Registration",
    "services.CheckIn",
    "investment.InvestmentProject",
    "investment.Meeting",
    "investment.Signing",
    "exhibition.Exhibitor",
    "exhibition.Booth",
    "releases.Release",
    "cooperation.InvitationLetter",
    "outcomes.Outcome",
    "evaluation.SurveyResponse",
    "core.AuditEntry",
)


def ecoforum_version() -> str:
    try:
        return metadata.version("ecoforum")
    except metadata.PackageNotFoundError:
        return "unknown"


def key_counts(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    counts = {}
    for label in KEY_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        counts[label] = model._default_manager.using(alias).count()
    return counts


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connections[alias]).applied_migrations())


def postgres_environment(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore / psql, the password through the environment only."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def run_tool(argv: list[str], env: dict[str, str]) -> None:
    """Run pg_dump / pg_restore / psql; a missing tool or a failure is a clear CommandError."""
    try:
        result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise CommandError(
            f"{argv[0]} is not installed; install the PostgreSQL client (Debian: postgresql-client)."
        ) from error
    if result.returncode != 0:
        raise CommandError(f"{Path(argv[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}")


def media_files(root: Path) -> tuple[int, int]:
    count = size = 0
    if root.is_dir():
        for path in root.rglob("*"):
            if path.is_file() and not path.is_symlink():
                count += 1
                size += path.stat().st_size
    return count, size


class Command(BaseCommand):
    help = "Write the database and the media files to one archive (tar.gz) with a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(Path(settings.VAR_DIR) / "backups"),
            help="Folder for the archive (default: var/backups).",
        )

    def handle(self, *args, output: str, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        vendor = connection.vendor
        if vendor not in {"sqlite", "postgresql"}:
            raise CommandError(f"Backups of a {vendor} database are not supported (SQLite and PostgreSQL are).")
        if MigrationRecorder.Migration._meta.db_table not in connection.introspection.table_names():
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} holds no ecoforum data yet "
                "(run `ecoforum migrate` first): nothing to back up."
            )
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        created = timezone.now()
        name = f"ecoforum-backup-{created:%Y%m%d-%H%M%S}.tar.gz"
        target = folder / name
        if target.exists():
            raise CommandError(f"{target} exists already; wait a second or choose another --output.")
        media_root = Path(settings.MEDIA_ROOT)
        media_count, media_bytes = media_files(media_root)

        with tempfile.TemporaryDirectory(prefix="ecoforum-backup-") as scratch:
            if vendor == "sqlite":
                database_file = Path(scratch) / SQLITE_FILE
                connection.ensure_connection()
                destination = sqlite3.connect(database_file)
                try:
                    connection.connection.backup(destination)
                finally:
                    destination.close()
            else:
                database_file = Path(scratch) / POSTGRES_FILE
                arguments, env = postgres_environment(connection.settings_dict)
                run_tool(
                    [
                        "pg_dump",
                        "--format=custom",
                        "--no-owner",
                        "--no-privileges",
                        f"--file={database_file}",
                        *arguments,
                        "--dbname",
                        str(connection.settings_dict["NAME"]),
                    ],
                    env,
                )
            counts = key_counts()
            manifest = {
                "format": FORMAT,
                "created_at": created.isoformat(),
                "ecoforum_version": ecoforum_version(),
                "django_version": django.get_version(),
                "database": {"kind": vendor, "file": database_file.name},
                "migrations": applied_migrations(),
                "counts": counts,
                "media": {"files": media_count, "bytes": media_bytes},
            }
            partial = folder / f".{name}.partial"
            try:
                with tarfile.open(partial, "w:gz") as archive:
                    data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                    info = tarfile.TarInfo(MANIFEST)
                    info.size, info.mtime, info.mode = len(data), int(created.timestamp()), 0o600
                    archive.addfile(info, io.BytesIO(data))
                    archive.add(database_file, arcname=database_file.name)
                    if media_root.is_dir():
                        archive.add(media_root, arcname=MEDIA_DIR, filter=_regular_files_only)
                partial.chmod(0o600)
                partial.replace(target)
            finally:
                partial.unlink(missing_ok=True)

        summary = ", ".join(f"{label} {count}" for label, count in counts.items() if count)
        self.stdout.write(f"{vendor} database: {summary or 'empty'}; media: {media_count} files")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))


def _regular_files_only(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    """Folders and regular files; never a link or a device that could point out of the media root."""
    return info if info.isdir() or info.isreg() else None
