"""Production settings: `ecoforum check --deploy` is clean, and what production runs on (Redis for the
cache, sessions and the task queue, Argon2, secure cookies, static files by WhiteNoise) is what the
settings say, read in a fresh process with the environment a production host has."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PRODUCTION_ENV = {
    "ECOFORUM_PRODUCTION": "1",
    "SECRET_KEY": "k3P9vX2mQ7rT5wY8zA1bC4dE6fG0hJ-lN_oS2uV5xZ8aB1cD4eF7gH0jK3mN6pQ9",
    "ALLOWED_HOSTS": "forum.example.org",
    "DATABASE_URL": "postgres://ecoforum:secret@db.internal:5432/ecoforum",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "ECOFORUM_TRUSTED_PROXIES": "10.0.0.0/24",
}
#: Variables of the test run that a production host does not have.
DROPPED = {
    "ECOFORUM_TESTING",
    "DEBUG",
    "ECOFORUM_SECURE",
    "TASKS_BACKEND",
    "PYTEST_CURRENT_TEST",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests; check --deploy rightly refuses it
}

#: Printed as JSON by a fresh interpreter with the production environment (no database is reached).
SETTINGS_PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model
names = [
    "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_ENGINE", "X_FRAME_OPTIONS",
    "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY", "ECOFORUM_TRUSTED_PROXIES", "AXES_HANDLER",
    "AXES_FAILURE_LIMIT", "WHITENOISE_USE_FINDERS",
]
values = {name: getattr(settings, name) for name in names}
values["SECURE_PROXY_SSL_HEADER"] = list(values["SECURE_PROXY_SSL_HEADER"] or [])
values["cache"] = settings.CACHES["default"]["BACKEND"]
values["cache_location"] = settings.CACHES["default"]["LOCATION"]
values["database"] = [settings.DATABASES["default"][key] for key in ("ENGINE", "HOST", "NAME", "CONN_MAX_AGE")]
values["tasks"] = settings.TASKS["default"]["BACKEND"]
values["static_storage"] = settings.STORAGES["staticfiles"]["BACKEND"]
values["first_hasher"] = settings.PASSWORD_HASHERS[0]
user = get_user_model()(username="li-ming")
user.set_password("correct horse battery staple")
values["new_password_hash"] = user.password.split("$")[0]
values["csp"] = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
print(json.dumps(values))
"""


def production_env(var_dir, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in DROPPED and key not in PRODUCTION_ENV}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="ecoforum.settings", ECOFORUM_VAR_DIR=str(var_dir), **extra)
    return env


def run_python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, check=False, timeout=120)


@pytest.fixture(scope="module")
def production_settings(tmp_path_factory) -> dict:
    """The settings a production process ends up with (one fresh interpreter for the whole module)."""
    result = run_python(["-c", SETTINGS_PROBE], production_env(tmp_path_factory.mktemp("var")))
    assert (result.returncode, result.stderr) == (0, "")
    return json.loads(result.stdout)


def test_check_deploy_reports_nothing_in_production(tmp_path):
    result = run_python(
        ["-m", "ecoforum.cli", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path)
    )

    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]

    result = run_python(["-m", "ecoforum.cli", "check"], env)

    assert (result.returncode, result.stderr.strip().splitlines()[-1]) == (
        1,
        "RuntimeError: SECRET_KEY must be set in production",
    )
    assert list(tmp_path.iterdir()) == []  # no key was made up and written


def test_production_is_served_securely(production_settings):
    expected = {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["forum.example.org"],
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": "same-origin",
    }

    assert {name: production_settings[name] for name in expected} == expected


def test_production_keeps_no_state_in_process_memory(production_settings):
    shared = {
        key: production_settings[key]
        for key in ("cache", "cache_location", "database", "tasks", "AXES_HANDLER", "ECOFORUM_TRUSTED_PROXIES")
    }

    assert shared == {
        "cache": "django_redis.cache.RedisCache",
        "cache_location": "redis://cache.internal:6379/0",
        "database": ["django.db.backends.postgresql", "db.internal", "ecoforum", 60],
        "tasks": "django_tasks_rq.RQBackend",
        "AXES_HANDLER": "axes.handlers.database.AxesDatabaseHandler",
        "ECOFORUM_TRUSTED_PROXIES": ["10.0.0.0/24"],
    }


def test_production_serves_hashed_static_files_and_argon2_passwords(production_settings):
    assert (
        production_settings["static_storage"],
        production_settings["WHITENOISE_USE_FINDERS"],
        production_settings["first_hasher"],
        production_settings["new_password_hash"],
        production_settings["AXES_FAILURE_LIMIT"],
    ) == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        False,
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "argon2",
        5,
    )


def test_development_settings_stay_plain_http(settings):
    """A developer's machine and the tests: no HTTPS redirect, no HSTS, cookies over plain HTTP."""
    assert (
        settings.SECURE_SSL_REDIRECT,
        settings.SECURE_HSTS_SECONDS,
        settings.SESSION_COOKIE_SECURE,
        settings.CSRF_COOKIE_SECURE,
        settings.LANGUAGE_COOKIE_SECURE,
        settings.ECOFORUM_TRUSTED_PROXIES,
    ) == (False, 0, False, False, False, 0)


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("", 0),
        ("0", 0),
        ("2", 2),
        ("10.0.0.5", ["10.0.0.5"]),
        (" 10.0.0.5, 10.1.0.0/16 ,", ["10.0.0.5", "10.1.0.0/16"]),
    ],
)
def test_trusted_proxies_setting_reads_a_count_or_addresses(raw, parsed):
    from ecoforum.settings import _trusted_proxies

    assert _trusted_proxies(raw) == parsed
