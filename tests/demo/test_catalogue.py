"""The Simplified Chinese catalogue: complete, not fuzzy, compiled, and used."""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.utils import translation

import ecoforum
from ecoforum.program.models import ThemeForum

LC_MESSAGES = Path(ecoforum.__file__).resolve().parent / "locale" / "zh_Hans" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def read_po(path: Path) -> list[dict]:
    """Entries of a PO file: msgctxt, msgid, msgid_plural, msgstr (list), flags. polib if it is installed."""
    try:
        import polib
    except ImportError:
        polib = None
    if polib is not None:
        return [
            {
                "msgctxt": e.msgctxt,
                "msgid": e.msgid,
                "msgid_plural": e.msgid_plural or None,
                "msgstr": [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)] if e.msgid_plural else [e.msgstr],
                "flags": list(e.flags),
                "obsolete": e.obsolete,
            }
            for e in polib.pofile(str(path))
        ]
    entries, current, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current is not None:
                entries.append(current)
            current = None
            continue
        if current is None:
            current = {"msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": [], "flags": [], "obsolete": False}
        if line.startswith("#~"):
            current["obsolete"] = True
        elif line.startswith("#,"):
            current["flags"] += [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgstr":
                current["msgstr"][-1] += value
            else:
                current[key] = (current[key] or "") + value
        else:
            keyword, _, value = line.partition(" ")
            value = ast.literal_eval(value)
            if keyword.startswith("msgstr"):
                key = "msgstr"
                current["msgstr"].append(value)
            else:
                key = keyword
                current[key] = value
    # The header is the entry with the empty msgid.
    return [e for e in entries if e["msgid"] != "" or e["msgctxt"] is not None]


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return [e for e in read_po(PO) if not e["obsolete"]]


def label(entry: dict) -> str:
    return f"{entry['msgctxt']}|{entry['msgid']}" if entry["msgctxt"] else entry["msgid"]


def test_catalogue_has_no_untranslated_entry(entries):
    assert len(entries) > 100
    assert [label(e) for e in entries if not all(s.strip() for s in e["msgstr"])] == []


def test_catalogue_has_no_fuzzy_entry(entries):
    assert [label(e) for e in entries if "fuzzy" in e["flags"]] == []
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")


def test_translations_keep_every_placeholder(entries):
    wrong = [
        label(e)
        for e in entries
        if any(
            set(PLACEHOLDER.findall(s)) != set(PLACEHOLDER.findall(e["msgid_plural"] or e["msgid"]))
            for s in e["msgstr"]
        )
    ]
    assert wrong == []


def test_compiled_catalogue_matches_the_po(entries):
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in entries:
        msgid = f"{e['msgctxt']}\x04{e['msgid']}" if e["msgctxt"] else e["msgid"]
        if e["msgid_plural"]:
            found = compiled._catalog.get((msgid, 0))
        else:
            found = compiled._catalog.get(msgid)
        if found != e["msgstr"][0]:
            stale.append(label(e))
    assert stale == [], "run compilemessages: the .mo is older than the .po"


def test_a_known_string_renders_in_chinese():
    template = Template('{% load i18n %}{% translate "theme forum" %} · {% translate "Log in" %}')
    with translation.override("zh-hans"):
        assert template.render(Context()) == "主题论坛 · 登录"
        assert str(ThemeForum._meta.verbose_name_plural) == "主题论坛"
    with translation.override("en"):
        assert template.render(Context()) == "theme forum · Log in"


def test_a_domain_error_reads_in_chinese():
    from ecoforum.program.exceptions import NotAllowed

    with translation.override("zh-hans"):
        assert str(NotAllowed().message) == "您无权修改日程的这一部分。"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path, settings):
    """makemessages on a copy of the code finds no message that the catalogue lacks."""

    source = Path(ecoforum.__file__).resolve().parent
    copy = tmp_path / "ecoforum"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    settings.LOCALE_PATHS = [copy / "locale"]
    cwd = Path.cwd()
    try:
        os.chdir(copy)
        call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)
    regenerated = read_po(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    missing = sorted(e["msgid"] for e in regenerated if e["msgid"] and not any(e["msgstr"]))
    assert missing == []
