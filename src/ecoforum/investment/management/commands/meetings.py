"""``ecoforum meetings solve INSTANCE.json --out RESULT.json [--time-limit SECONDS]``.

The 1:1 meeting scheduler on plain files (``specs/meetings.md``), so it can be
checked and benchmarked on its own. Bad input stops with one line naming the
offending item and exit status 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecoforum.investment.scheduler import InstanceError, parse_instance, solve


def _bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _bad_input(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad_input(f"{path}: cannot be read ({exc})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _bad_input(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None


class Command(BaseCommand):
    help = "Schedule 1:1 meetings: `meetings solve INSTANCE.json --out RESULT.json`."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        solve_parser = actions.add_parser("solve", help="Schedule the requests of INSTANCE.json into RESULT.json.")
        solve_parser.add_argument("instance", type=Path, help="INSTANCE.json (specs/meetings.md)")
        solve_parser.add_argument("--out", type=Path, required=True, help="where to write RESULT.json")
        solve_parser.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "solve":
            self.solve(options["instance"], out=options["out"], time_limit=options["time_limit"])

    def solve(self, path: Path, *, out: Path, time_limit: float) -> None:
        if time_limit <= 0:
            raise _bad_input(f"--time-limit must be more than 0 seconds, not {time_limit:g}")
        try:
            instance = parse_instance(_read_json(path))
        except InstanceError as exc:
            raise _bad_input(f"{path}: {exc}") from None
        result = solve(instance, time_limit=time_limit)
        try:
            out.write_text(json.dumps(result.as_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        except OSError as exc:
            raise _bad_input(f"{out}: cannot be written ({exc.strerror})") from None
        priority = {r.id: r.priority for r in instance.requests}
        score = sum(priority[m.request] for m in result.meetings)
        self.stdout.write(
            f"{len(result.meetings)} meetings, {len(result.unscheduled)} unscheduled, score {score}; written to {out}"
        )
