"""``ecoforum serve``: serve the site with gunicorn (Django's runserver only as a fallback).

It collects the static files first when they changed, prints the address and the
demo login hint, then replaces itself with gunicorn serving ``ecoforum.wsgi``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ecoforum.demo import login as demo_login

STAMP = ".ecoforum-static-stamp"


def static_fingerprint() -> str:
    """A hash of every static source file (path, size, time) and of the storage in use."""
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = Path(storage.path(path)).stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_static_if_needed() -> bool:
    """Run collectstatic when the sources changed since the last run; returns whether it ran."""
    stamp = settings.STATIC_ROOT / STAMP
    fingerprint = static_fingerprint()
    if stamp.is_file() and stamp.read_text().strip() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint + "\n")
    return True


def gunicorn_usable() -> bool:
    return os.name == "posix" and importlib.util.find_spec("gunicorn") is not None


def gunicorn_has_control_socket() -> bool:
    """gunicorn 27 opens a control socket at one fixed path per user; two servers would share it."""
    from gunicorn import config

    return any(setting.name == "control_socket_disable" for setting in config.KNOWN_SETTINGS)


def gunicorn_argv(*, host: str, port: int, workers: int, threads: int) -> list[str]:
    """gunicorn in this interpreter, serving the WSGI application with threaded workers."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "ecoforum.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "5",
    ]
    if gunicorn_has_control_socket():
        argv.append("--no-control-socket")
    return argv


class Command(BaseCommand):
    help = "Serve ecoforum with gunicorn (Django's runserver if gunicorn cannot be used)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument("--runserver", action="store_true", help="Use Django's development server.")
        parser.add_argument(
            "--check-only", action="store_true", help="Prepare and print the address, but do not start a server."
        )

    def handle(self, *args, host, port, workers, threads, runserver, check_only, **options):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stderr.write(self.style.WARNING("The database is not up to date: run `ecoforum migrate` first."))
        if collect_static_if_needed():
            self.stdout.write(f"Static files collected into {settings.STATIC_ROOT}.")

        address = f"http://{host}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"ecoforum is served on {address}"))
        login = demo_login.read_login_file()
        if login:
            self.stdout.write(f"  Back office: {address}manage/admin/")
            self.stdout.write(
                f"  Log in as {login.get('organizer', demo_login.ORGANIZER)} or "
                f"{login.get('coordinator', demo_login.COORDINATOR)}, password: "
                + login.get("password", f"the value of {demo_login.ENV_VAR}")
            )
        self.stdout.write("  Stop with Ctrl-C.")
        if check_only:
            return
        self.stdout.flush()
        connection.close()  # the server opens its own connections
        if runserver or not gunicorn_usable():
            if not runserver:
                self.stderr.write(self.style.WARNING("gunicorn cannot be used here: falling back to runserver."))
            call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
            return
        argv = gunicorn_argv(host=host, port=port, workers=workers, threads=threads)
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn, same interpreter
