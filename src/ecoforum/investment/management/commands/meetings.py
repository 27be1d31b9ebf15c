"""The 1:1 meeting scheduler from the command line.

``ecoforum meetings solve INSTANCE.json --out RESULT.json [--time-limit SECONDS]`` works on plain
files (``specs/meetings.md``), so it can be checked and benchmarked on its own. Bad input stops
with one line naming the offending item and exit status 2.

``ecoforum meetings run EDITION [--time-limit SECONDS] [--publish]`` schedules an edition's accepted
requests from the database into a new draft, as the organizers' "Run the scheduler" button does
(confirmed meetings stay where they are), and with ``--publish`` publishes it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ecoforum.forums.models import Edition
from ecoforum.investment import meetings
from ecoforum.investment.exceptions import InvestmentError
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
    help = (
        "Schedule 1:1 meetings: `meetings solve INSTANCE.json --out RESULT.json` on files, "
        "`meetings run EDITION` from the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        solve_parser = actions.add_parser("solve", help="Schedule the requests of INSTANCE.json into RESULT.json.")
        solve_parser.add_argument("instance", type=Path, help="INSTANCE.json (specs/meetings.md)")
        solve_parser.add_argument("--out", type=Path, required=True, help="where to write RESULT.json")
        solve_parser.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
        run_parser = actions.add_parser("run", help="Schedule an edition's accepted requests into a new draft.")
        run_parser.add_argument("edition", help="the edition's address, such as 2023")
        run_parser.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
        run_parser.add_argument("--publish", action="store_true", help="publish the draft at once")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "solve":
            self.solve(options["instance"], out=options["out"], time_limit=options["time_limit"])
        elif action == "run":
            self.run(options["edition"], time_limit=options["time_limit"], publish=options["publish"])

    def run(self, slug: str, *, time_limit: float, publish: bool) -> None:
        if time_limit <= 0:
            raise _bad_input(f"--time-limit must be more than 0 seconds, not {time_limit:g}")
        edition = Edition.objects.filter(slug=slug).first()
        if edition is None:
            raise _bad_input(f"There is no edition {slug!r}.")
        try:
            summary = meetings.run_scheduler(edition, actor=None, time_limit=time_limit)
            published = meetings.publish_meetings(edition, actor=None) if publish else 0
        except InvestmentError as exc:
            raise _bad_input(f"{slug}: {exc}") from None
        self.stdout.write(
            f"{summary.meetings} meetings ({summary.kept} confirmed kept, {summary.placed} placed), "
            f"{len(summary.unscheduled)} unscheduled, score {summary.score} of {summary.best_score}, "
            f"{summary.covered}/{summary.participants} people with a meeting"
            + (f"; {published} published." if publish else "; a draft, not published yet.")
        )

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
