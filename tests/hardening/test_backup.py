"""`ecoforum backup` and `ecoforum restore`: a round trip gives back the database and the media files;
a bad archive, an archive of another kind of database or of a newer ecoforum changes nothing."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from ecoforum.forums.models import Edition

from ..factories import EditionFactory, UserFactory

User = get_user_model()


def backup(tmp_path: Path) -> Path:
    output = tmp_path / "backups"
    call_command("backup", output=str(output), stdout=io.StringIO())
    (archive,) = output.glob("*.tar.gz")
    return archive


def manifest_of(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def restore(archive: Path, *, yes: bool = True) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), yes=yes, stdout=out, stderr=out)
    return out.getvalue()


def fabricated(tmp_path: Path, manifest: dict | None, files: dict[str, bytes]) -> Path:
    """An archive made by hand: the manifest (unless None) and the given members."""
    path = tmp_path / "fabricated.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        members = dict(files)
        if manifest is not None:
            members = {"manifest.json": json.dumps(manifest).encode(), **members}
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def this_kind() -> tuple[str, str]:
    return ("sqlite", "database.sqlite3") if connection.vendor == "sqlite" else ("postgresql", "database.dump")


def good_manifest(**changes) -> dict:
    kind, file = this_kind()
    return {"format": 1, "database": {"kind": kind, "file": file}, "migrations": [], "counts": {}, **changes}


@pytest.fixture
def media(settings) -> Path:
    root = Path(settings.MEDIA_ROOT)
    (root / "releases").mkdir(parents=True)
    (root / "releases" / "蓝皮书.pdf").write_bytes(b"%PDF-1.7 blue book %%EOF")
    return root


@pytest.mark.django_db(transaction=True)
def test_archive_holds_the_database_the_media_and_a_manifest(tmp_path, media):
    EditionFactory(year=2023)
    UserFactory(username="li-ming")

    archive = backup(tmp_path)

    kind, file = this_kind()
    with tarfile.open(archive, "r:gz") as tar:
        names = sorted(tar.getnames())
    manifest = manifest_of(archive)
    assert names == sorted(["manifest.json", file, "media", "media/releases", "media/releases/蓝皮书.pdf"])
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert (manifest["format"], manifest["database"], manifest["media"]) == (
        1,
        {"kind": kind, "file": file},
        {"files": 1, "bytes": 24},
    )
    assert {label: manifest["counts"][label] for label in ("forums.Edition", "auth.User", "services.Registration")} == {
        "forums.Edition": 1,
        "auth.User": 1,
        "services.Registration": 0,
    }
    assert ["forums", "0001_initial"] in manifest["migrations"]


@pytest.mark.django_db(transaction=True)
def test_sqlite_round_trip_gives_back_the_database_and_the_media(tmp_path, media):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite round trip (the suite runs on PostgreSQL: see the PostgreSQL round trip)")
    EditionFactory(year=2023)
    UserFactory(username="li-ming")
    archive = backup(tmp_path)
    # After the backup: an edition deleted, a user added, a file lost, a stray file written.
    Edition.objects.all().delete()
    UserFactory(username="intruder")
    (media / "releases" / "蓝皮书.pdf").unlink()
    (media / "stray.txt").write_text("not in the backup")

    output = restore(archive)

    assert list(Edition.objects.values_list("slug", flat=True)) == ["2023"]
    assert list(User.objects.values_list("username", flat=True)) == ["li-ming"]
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*")) == ["releases", "releases/蓝皮书.pdf"]
    assert (media / "releases" / "蓝皮书.pdf").read_bytes() == b"%PDF-1.7 blue book %%EOF"
    assert output.splitlines()[-1].startswith("Restored the backup of ")
    assert "Rows differ" not in output


@pytest.mark.django_db
def test_restore_without_yes_changes_nothing(tmp_path, settings):
    archive = fabricated(tmp_path, good_manifest(created_at="2026-11-29T08:00:00+00:00"), {this_kind()[1]: b"x"})
    EditionFactory(year=2023)

    with pytest.raises(CommandError) as error:
        restore(archive, yes=False)

    assert str(error.value) == (
        f"This replaces the database {connection.settings_dict['NAME']} and the files in {settings.MEDIA_ROOT} "
        "with the backup of 2026-11-29T08:00:00+00:00. Run again with --yes to go ahead."
    )
    assert list(Edition.objects.values_list("slug", flat=True)) == ["2023"]


@pytest.mark.django_db
def test_restore_refuses_an_archive_of_another_kind_of_database(tmp_path):
    other = ("postgresql", "database.dump") if connection.vendor == "sqlite" else ("sqlite", "database.sqlite3")
    archive = fabricated(
        tmp_path, good_manifest(database={"kind": other[0], "file": other[1]}), {other[1]: b"not restored"}
    )
    EditionFactory(year=2023)
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

    with pytest.raises(CommandError) as error:
        restore(archive)

    assert str(error.value) == (
        f"{archive} holds a {names[other[0]]} database, but the configured database is {names[connection.vendor]}: "
        f"restore it into a {names[other[0]]} database (set DATABASE_URL). Nothing was changed."
    )
    assert list(Edition.objects.values_list("slug", flat=True)) == ["2023"]


@pytest.mark.django_db
def test_restore_refuses_an_archive_of_a_newer_ecoforum(tmp_path):
    manifest = good_manifest(migrations=[["forums", "0001_initial"], ["forums", "9999_from_the_future"]])
    archive = fabricated(tmp_path, manifest, {this_kind()[1]: b"x"})

    with pytest.raises(CommandError) as error:
        restore(archive)

    assert str(error.value) == (
        f"{archive} comes from a newer ecoforum (migrations unknown here: forums.9999_from_the_future): "
        "upgrade ecoforum first. Nothing was changed."
    )


@pytest.mark.parametrize(
    ("manifest", "files", "message"),
    [
        (None, {"database.sqlite3": b"x"}, "{archive} is not an ecoforum backup: it has no manifest.json."),
        (
            "good",
            {"../../etc/cron.d/evil": b"* * * * * root sh"},
            "{archive} is not an ecoforum backup: '../../etc/cron.d/evil' leads out of the archive.",
        ),
        (
            "good",
            {"/etc/passwd": b"root"},
            "{archive} is not an ecoforum backup: '/etc/passwd' leads out of the archive.",
        ),
        ("good", {"run.sh": b"rm -rf /"}, "{archive} is not an ecoforum backup: 'run.sh' does not belong in a backup."),
        ("good", {}, "{archive} is incomplete: {file} is missing."),
        (
            {"format": 7},
            {},
            "{archive}: manifest.json is not a backup manifest this ecoforum reads (format 1).",
        ),
        (
            {"format": 1, "database": {"kind": "mysql", "file": "x"}},
            {},
            "{archive}: manifest.json names no database this ecoforum restores (SQLite or PostgreSQL).",
        ),
    ],
)
@pytest.mark.django_db
def test_restore_refuses_a_bad_archive_and_changes_nothing(tmp_path, media, manifest, files, message):
    archive = fabricated(tmp_path, good_manifest() if manifest == "good" else manifest, files)
    EditionFactory(year=2023)

    with pytest.raises(CommandError) as error:
        restore(archive)

    assert str(error.value) == message.format(archive=archive, file=this_kind()[1])
    assert list(Edition.objects.values_list("slug", flat=True)) == ["2023"]
    assert sorted(p.relative_to(media).as_posix() for p in media.rglob("*")) == ["releases", "releases/蓝皮书.pdf"]
    assert not (tmp_path.parent / "etc").exists()


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_an_archive(tmp_path):
    archive = tmp_path / "backup.tar.gz"
    archive.write_text("just text")

    with pytest.raises(CommandError) as error:
        restore(archive)

    assert str(error.value).startswith(f"{archive} is not an ecoforum backup: not a tar.gz archive (")


@pytest.mark.django_db
def test_restore_refuses_a_link_in_the_media(tmp_path):
    path = tmp_path / "link.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        data = json.dumps(good_manifest()).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("media/secret")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/shadow"
        tar.addfile(link)

    with pytest.raises(CommandError) as error:
        restore(path)

    assert str(error.value) == f"{path} is not an ecoforum backup: 'media/secret' is neither a file nor a folder."


# --- PostgreSQL: a round trip into a database of its own -----------------------------------------------

RESTORE_DB = "dp_restore"


def _admin_connection():
    import psycopg

    params = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        autocommit=True,
    )


@pytest.fixture
def restore_database():
    """An empty PostgreSQL database beside the test database, dropped afterwards."""
    with _admin_connection() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {RESTORE_DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {RESTORE_DB}")
    yield RESTORE_DB
    with _admin_connection() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {RESTORE_DB} WITH (FORCE)")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_round_trip_through_the_command_line(tmp_path, media, restore_database):
    import psycopg

    EditionFactory(year=2023)
    UserFactory(username="li-ming")
    archive = backup(tmp_path)
    params = connection.settings_dict
    target = (
        f"postgres://{params['USER'] or ''}{':' + params['PASSWORD'] if params['PASSWORD'] else ''}"
        f"@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{restore_database}"
    )
    env = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "PYTEST_CURRENT_TEST"}}
    env.update(DATABASE_URL=target, ECOFORUM_TESTING="1", ECOFORUM_VAR_DIR=str(tmp_path / "other-host"))

    first = subprocess.run(
        [sys.executable, "-m", "ecoforum.cli", "restore", str(archive), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    # A second restore over the first replaces it (no duplicate rows, no "already exists").
    second = subprocess.run(
        [sys.executable, "-m", "ecoforum.cli", "restore", str(archive), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )

    assert (first.returncode, first.stderr, second.returncode, second.stderr) == (0, "", 0, "")
    with psycopg.connect(target) as restored:
        editions = restored.execute("SELECT slug FROM forums_edition").fetchall()
        users = restored.execute("SELECT username FROM auth_user").fetchall()
    assert (editions, users) == ([("2023",)], [("li-ming",)])
    restored_media = tmp_path / "other-host" / "media"
    assert (restored_media / "releases" / "蓝皮书.pdf").read_bytes() == b"%PDF-1.7 blue book %%EOF"
