"""``ecoforum demo`` and ``ecoforum serve``."""

from __future__ import annotations

import io
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from ecoforum.demo import login as demo_login
from ecoforum.demo.management.commands import serve


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_demo_command_generates_a_password_once_and_keeps_it_private(db, demo_var, monkeypatch):
    monkeypatch.delenv(demo_login.ENV_VAR, raising=False)
    first = run("demo")
    values = demo_login.read_login_file()
    password = values["password"]
    assert len(password) == 16
    assert (demo_var / "demo-login.txt").stat().st_mode & 0o777 == 0o600
    assert f"  Password:     {password}   (kept in {demo_var / 'demo-login.txt'})" in first.splitlines()
    assert "Program released as version 1.0." in first.splitlines()
    assert first.splitlines()[0] == (
        "Demo edition 2023: 4 sections, 17 theme forums, 49 sessions, 56 experts (17 academicians)."
    )
    assert get_user_model().objects.get(username="admin").check_password(password) is True

    second = run("demo")
    assert "Already loaded: nothing to change." in second.splitlines()
    assert demo_login.read_login_file()["password"] == password


def test_demo_command_takes_the_password_from_the_environment(db, demo_var, monkeypatch):
    monkeypatch.setenv(demo_login.ENV_VAR, "from the environment")
    out = run("demo")
    assert "  Password:     the value of ECOFORUM_DEMO_PASSWORD" in out.splitlines()
    assert "from the environment" not in (demo_var / "demo-login.txt").read_text()
    assert demo_login.read_login_file() == {
        "site": "http://127.0.0.1:8000/2023/",
        "back office": "http://127.0.0.1:8000/manage/admin/",
        "organizer": "admin",
        "coordinator": "coordinator",
        "investor": "investor",
        "project owner": "owner",
        "exhibitor": "exhibitor",
        "password-from": "ECOFORUM_DEMO_PASSWORD",
    }
    user = get_user_model().objects.get(username="coordinator")
    assert user.check_password("from the environment") is True


def test_serve_collects_static_files_only_when_they_changed(db, demo_var, settings):
    settings.STATIC_ROOT = demo_var / "static"
    first = run("serve", "--check-only", "--port", "8123")
    assert first.splitlines()[0] == f"Static files collected into {demo_var / 'static'}."
    assert (demo_var / "static" / "ecoforum" / "admin" / "tabs.js").is_file()
    second = run("serve", "--check-only", "--port", "8123")
    assert second.splitlines()[0] == "ecoforum is served on http://127.0.0.1:8123/"


def test_serve_prints_the_login_hint_from_the_login_file(db, demo_var, settings):
    settings.STATIC_ROOT = demo_var / "static"
    demo_login.write_login_file(demo_login.DemoLogin("s3cret-demo", from_env=False), "2023")
    out = run("serve", "--check-only")
    assert "  Log in as admin or coordinator, password: s3cret-demo" in out.splitlines()
    assert "  Back office: http://127.0.0.1:8000/manage/admin/" in out.splitlines()


def test_serve_runs_gunicorn_with_workers_and_threads():
    argv = serve.gunicorn_argv(host="0.0.0.0", port=9000, workers=3, threads=2)
    assert argv[:4] == [sys.executable, "-m", "gunicorn", "ecoforum.wsgi:application"]
    assert argv[4:10] == ["--bind", "0.0.0.0:9000", "--workers", "3", "--threads", "2"]


@pytest.mark.skipif(not serve.gunicorn_usable(), reason="gunicorn is not installed here")
def test_gunicorn_can_be_used_here():
    assert serve.gunicorn_usable() is True
