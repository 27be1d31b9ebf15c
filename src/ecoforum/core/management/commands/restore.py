"""``ecoforum restore ARCHIVE --yes``: put back what ``ecoforum backup`` wrote.

Everything in the archive is checked before anything changes: that it is an ecoforum backup
(a manifest, one database file, media files and folders only, no path leaving the archive), that
it holds the same kind of database as the one configured, and that this ecoforum knows every
migration it was made with. Then:

- SQLite: the configured database is overwritten page by page with SQLite's backup API;
- PostgreSQL: the ``public`` schema is dropped and the dump restored into it, in one transaction
  (``pg_restore`` to SQL, run by ``psql --single-transaction``): a failure leaves the database as it was;
- the media root is replaced by the archive's media (the old one is removed once the new one is in place);
- the cache is cleared, and the rows of the key tables are compared with the manifest.

Stop the app servers and workers first. The database must exist (``createdb``); it may be empty or
hold an ecoforum database to be replaced. An archive from an older ecoforum: run ``ecoforum migrate``
after the restore.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .backup import (
    FORMAT,
    MANIFEST,
    MEDIA_DIR,
    POSTGRES_FILE,
    SQLITE_FILE,
    key_counts,
    postgres_environment,
    run_tool,
)

KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
DATABASE_FILES = {"sqlite": SQLITE_FILE, "postgresql": POSTGRES_FILE}


def read_archive(path: Path) -> tuple[dict, list[tarfile.TarInfo]]:
    """The manifest and the members of a backup archive, every member checked; else CommandError."""
    if not path.is_file():
        raise CommandError(f"{path}: no such file.")
    try:
        archive = tarfile.open(path, "r:gz")  # noqa: SIM115 - closed by the with-block below
    except (tarfile.TarError, OSError, EOFError) as error:
        raise CommandError(f"{path} is not an ecoforum backup: not a tar.gz archive ({error}).") from error
    with archive:
        try:
            members = archive.getmembers()
        except (tarfile.TarError, OSError, EOFError) as error:
            raise CommandError(f"{path} is damaged or incomplete: {error}.") from error
        for member in members:
            problem = _unsafe(member)
            if problem:
                raise CommandError(f"{path} is not an ecoforum backup: {member.name!r} {problem}.")
        try:
            handle = archive.extractfile(MANIFEST)
            manifest = json.loads(handle.read().decode()) if handle else None
        except KeyError as error:
            raise CommandError(f"{path} is not an ecoforum backup: it has no {MANIFEST}.") from error
        except (ValueError, UnicodeDecodeError, tarfile.TarError, OSError, EOFError) as error:
            raise CommandError(f"{path}: {MANIFEST} cannot be read ({error}).") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CommandError(f"{path}: {MANIFEST} is not a backup manifest this ecoforum reads (format {FORMAT}).")
    database = manifest.get("database")
    kind = database.get("kind") if isinstance(database, dict) else None
    if not isinstance(database, dict) or kind not in DATABASE_FILES or database.get("file") != DATABASE_FILES[kind]:
        raise CommandError(f"{path}: {MANIFEST} names no database this ecoforum restores (SQLite or PostgreSQL).")
    if DATABASE_FILES[kind] not in {member.name for member in members if member.isreg()}:
        raise CommandError(f"{path} is incomplete: {DATABASE_FILES[kind]} is missing.")
    return manifest, members


def _unsafe(member: tarfile.TarInfo) -> str | None:
    name = PurePosixPath(member.name)
    if name.is_absolute() or ".." in name.parts:
        return "leads out of the archive"
    if not (member.isreg() or member.isdir()):
        return "is neither a file nor a folder"
    top = name.parts[0] if name.parts else ""
    if top == MEDIA_DIR or (
        len(name.parts) == 1 and member.isreg() and member.name in {MANIFEST, *DATABASE_FILES.values()}
    ):
        return None
    return "does not belong in a backup"


def clear_cache() -> None:
    """Forget what the cache holds about the replaced data: only ecoforum's own keys in a shared Redis."""
    if hasattr(cache, "delete_pattern"):
        cache.delete_pattern("*")  # django-redis: the keys under this site's KEY_PREFIX
    else:
        cache.clear()


def unknown_migrations(manifest: dict) -> list[str]:
    """Migrations the archive's database had that this code does not know (it comes from a newer ecoforum)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied = manifest.get("migrations") or []
    return sorted(f"{app}.{name}" for app, name in applied if (app, name) not in known)


class Command(BaseCommand):
    help = "Restore the database and the media files from an archive of `ecoforum backup` (replaces both)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by `ecoforum backup`.")
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the database and the media files are to be replaced."
        )

    def handle(self, *args, archive: str, yes: bool, **options):
        path = Path(archive)
        connection = connections[DEFAULT_DB_ALIAS]
        media_root = Path(settings.MEDIA_ROOT)
        manifest, _members = read_archive(path)
        kind = manifest["database"]["kind"]
        if kind != connection.vendor:
            raise CommandError(
                f"{path} holds a {KIND_NAMES[kind]} database, but the configured database is "
                f"{KIND_NAMES.get(connection.vendor, connection.vendor)}: restore it into a {KIND_NAMES[kind]} "
                "database (set DATABASE_URL). Nothing was changed."
            )
        newer = unknown_migrations(manifest)
        if newer:
            raise CommandError(
                f"{path} comes from a newer ecoforum (migrations unknown here: {', '.join(newer[:5])}"
                f"{' …' if len(newer) > 5 else ''}): upgrade ecoforum first. Nothing was changed."
            )
        if not yes:
            raise CommandError(
                f"This replaces the database {connection.settings_dict['NAME']} and the files in {media_root} "
                f"with the backup of {manifest.get('created_at')}. Run again with --yes to go ahead."
            )

        media_root.parent.mkdir(parents=True, exist_ok=True)
        # Unpacked beside the media root, so that the new media folder is moved into place, not copied.
        with tempfile.TemporaryDirectory(prefix=".ecoforum-restore-", dir=media_root.parent) as scratch:
            with tarfile.open(path, "r:gz") as tar:
                tar.extractall(scratch, filter="data")
            database_file = Path(scratch) / manifest["database"]["file"]
            if kind == "sqlite":
                self._restore_sqlite(database_file)
            else:
                self._restore_postgres(database_file, Path(scratch))
            new_media = Path(scratch) / MEDIA_DIR
            if not new_media.is_dir():
                new_media.mkdir()
            self._replace_media(new_media, media_root)
        clear_cache()

        counts = key_counts()
        expected = manifest.get("counts") or {}
        differences = [
            f"{label}: {counts.get(label)} (backup: {count})"
            for label, count in expected.items()
            if label in counts and counts[label] != count
        ]
        if differences:
            self.stderr.write(self.style.WARNING("Rows differ from the manifest: " + "; ".join(differences)))
        summary = ", ".join(f"{label} {count}" for label, count in counts.items() if count)
        self.stdout.write(f"{KIND_NAMES[kind]} database: {summary or 'empty'}")
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest.get('created_at')} from {path}"))

    def _restore_sqlite(self, database_file: Path) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        connection.close()
        connection.ensure_connection()
        source = sqlite3.connect(database_file)
        try:
            source.backup(connection.connection)
        except sqlite3.Error as error:
            raise CommandError(f"The SQLite database could not be restored: {error}.") from error
        finally:
            source.close()
        connection.close()  # the next query opens a connection on the restored content

    def _restore_postgres(self, dump: Path, scratch: Path) -> None:
        connection = connections[DEFAULT_DB_ALIAS]
        connection.close()
        arguments, env = postgres_environment(connection.settings_dict)
        script = scratch / "database.sql"
        run_tool(["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(dump)], env)
        run_tool(
            [
                "psql",
                "--no-psqlrc",
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                "--single-transaction",
                *arguments,
                "--dbname",
                str(connection.settings_dict["NAME"]),
                "--command",
                "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;",
                "--file",
                str(script),
            ],
            env,
        )

    def _replace_media(self, new_media: Path, media_root: Path) -> None:
        old = None
        if media_root.exists():
            old = media_root.with_name(f"{media_root.name}.replaced-{timezone.now():%Y%m%d%H%M%S%f}")
            media_root.rename(old)
        new_media.rename(media_root)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
