"""The 1:1 meeting scheduler against first come, first served: `.venv/bin/python bench/meetings.py [--large]`.

Generates a seeded instance (2,500 participants / 20,000 requests / 32 slots /
150 tables; with --large 6,000 / 60,000 / 48 / 300), or reads one with
--instance, and prints for ecoforum's solver and the FCFS baseline of the same
run: score, the LP bound and the ratio, meetings, coverage, coverable, standby,
wall time and peak memory. Both results are validated by the spec's checker
(`shared/specs/check_meetings.py`, whose `lp_bound` gives the bound).

The solver runs in a child process of its own, so its peak memory (maxrss) is
its own: reading the JSON, solving, writing the result.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

SIZES = {
    "default": {"participants": 2500, "requests": 20000, "days": 2, "slots_per_day": 16, "tables": 150},
    "large": {"participants": 6000, "requests": 60000, "days": 3, "slots_per_day": 16, "tables": 300},
}


def load_checker(shared: Path):
    spec = importlib.util.spec_from_file_location("check_meetings", shared / "specs" / "check_meetings.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_one(kind: str, instance_path: Path, result_path: Path, time_limit: float) -> None:
    """Child process: read, solve (or FCFS), write; print wall time and peak memory as JSON."""
    from ecoforum.investment.scheduler import first_come_first_served, parse_instance, solve

    started = time.monotonic()
    with instance_path.open(encoding="utf-8") as f:
        instance = parse_instance(json.load(f))
    result = solve(instance, time_limit=time_limit) if kind == "solve" else first_come_first_served(instance)
    result_path.write_text(json.dumps(result.as_json()), encoding="utf-8")
    wall = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "peak_mb": peak_mb}))


def measure(kind: str, instance_path: Path, out_dir: Path, time_limit: float) -> tuple[dict, Path]:
    result_path = out_dir / f"{kind}-result.json"
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(instance_path), str(result_path), str(time_limit)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1]), result_path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="6,000 participants / 60,000 requests / 48 slots")
    parser.add_argument("--instance", type=Path, help="an INSTANCE.json instead of a generated one")
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--time-limit", type=float, default=None, help="seconds (default: 25, or 55 with --large)")
    parser.add_argument("--no-bound", action="store_true", help="skip the LP bound (unless the instance has one)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--keep", type=Path, help="a folder to keep the instance and both results in")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, inst, res, limit = args.child
        run_one(kind, Path(inst), Path(res), float(limit))
        return 0

    from ecoforum.investment.scheduler.generate import generate_instance

    checker = load_checker(args.shared)
    time_limit = args.time_limit or (55.0 if args.large else 25.0)
    with tempfile.TemporaryDirectory(prefix="meetings-bench-") as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        if args.instance:
            instance_path = args.instance
            label = str(args.instance)
        else:
            size = SIZES["large" if args.large else "default"]
            data = generate_instance(seed=args.seed, **size)
            instance_path = out_dir / "instance.json"
            instance_path.write_text(json.dumps(data), encoding="utf-8")
            label = (
                f"generated seed={args.seed}: {size['participants']} participants, {size['requests']} requests, "
                f"{size['days'] * size['slots_per_day']} slots, {size['tables']} tables"
            )
        inst = checker.load(instance_path)
        print(f"instance: {label}; {os.cpu_count()} CPUs; time limit {time_limit:g} s")
        runs = {kind: measure(kind, instance_path, out_dir, time_limit) for kind in ("solve", "fcfs")}
        bound = inst.get("upper_bound")
        if bound is None and not args.no_bound:
            started = time.monotonic()
            bound = checker.lp_bound(inst)
            print(f"LP bound {bound:.1f} ({time.monotonic() - started:.0f} s)")
        seen = {}
        for kind, name in (("solve", "ecoforum"), ("fcfs", "FCFS baseline")):
            figures, result_path = runs[kind]
            res = checker.load(result_path)
            score, err = checker.validate(inst, res)
            if err:
                print(f"{name}: INVALID: {err}")
                return 1
            covered, asked, coverable, standby = checker.coverage_and_standby(inst, res)
            ratio = f"{score / bound:.4f}" if bound else "-"
            bound_text = f"{bound:.1f}" if bound else "-"
            print(
                f"{name:14s} valid score={score} bound={bound_text} ratio={ratio} "
                f"meetings={len(res['meetings'])} coverage={covered}/{asked} coverable={coverable} "
                f"standby={standby} wall={figures['wall']:.1f}s peak={figures['peak_mb']:.0f}MB"
            )
            seen[kind] = (score, covered, coverable, standby)
        (score, covered, coverable, standby), (_, base_covered, _, base_standby) = seen["solve"], seen["fcfs"]
        gap = coverable - base_covered
        closed = f"{(covered - base_covered) / gap:.0%}" if gap else "-"
        kept = f"{standby / base_standby:.0%}" if base_standby else "-"
        ratio = f"{score / bound:.4f}" if bound else "-"
        print(
            f"aims: ratio {ratio} (>= 0.995); coverage gap to coverable closed {closed} (>= 50%); "
            f"standby {kept} of the baseline's (<= 50%)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
