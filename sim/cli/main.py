"""The ``kastje`` command: the parser and the dispatch (sim.cli.run does the work).

User mistakes (a bad file, an unknown setting, a wrong option) end in one clear message
and a non-zero exit, never a traceback. With ``--json`` stdout is pure JSON and nothing
else is printed. This module imports nothing heavy: ``kastje --help`` and ``kastje validate``
answer before the model, numpy or scipy are loaded (they load with the command that needs them).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys

from sim import language
from sim.errors import UserError

GROUPS = ("profile", "case")     # sim.counting.metrics.GROUPS, repeated so the parser needs no numpy (a test checks)


def _whole(minimum: int):
    """An argparse type: a whole number of at least ``minimum``."""
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
        if n < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more")
        return n
    return parse


def _days(value: str) -> float:
    try:
        days = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of days") from None
    if not 0 <= days < math.inf:
        raise argparse.ArgumentTypeError("must be 0 or more working days")
    return days


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number above 0, got {text!r}") from None
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(f"must be a number above 0, got {text!r}")
    return value


def _run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="LEVER=VALUE",
                   help="override one lever of the setting (repeatable)")
    p.add_argument("--citizens", type=_whole(1), default=200,
                   help="citizens measured per replication, arriving after the warm-up (default 200)")
    p.add_argument("--replications", type=_whole(1), default=20, help="independent replications (default 20)")
    p.add_argument("--seed", type=_whole(0), default=1, help="master seed (default 1)")
    p.add_argument("--warmup-days", type=_days, metavar="DAYS",
                   help="working days of arrivals before measuring starts (default: the follow-up horizon)")
    p.add_argument("--workers", type=_whole(1), help="processes to run replications in (default: all cores)")
    p.add_argument("--yes", action="store_true",
                   help="run even when the estimate says it takes longer than the time budget (not the memory one)")
    p.add_argument("--max-minutes", type=_positive, metavar="M",
                   help="the time budget: refuse, before it starts, a run estimated to take longer (default 15)")
    p.add_argument("--max-memory", type=_positive, metavar="GB",
                   help="the memory budget: refuse a run estimated to need more (default: half this machine's memory)")
    p.add_argument("--json", action="store_true", help="print JSON only")
    p.add_argument("--by", choices=GROUPS, help="also break the results down per citizen profile or per case")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="run the replications on a Dask cluster: tcp://HOST:8786, or 'local' (needs kastje[cluster])")


def _grid_options(p: argparse.ArgumentParser, kind: str) -> None:
    p.add_argument("scenario", help="scenario YAML file")
    p.add_argument("--setting", default="chaos", help="preset name (default chaos)")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="LEVER=VALUE",
                   help="override one lever of the setting first (repeatable)")
    p.add_argument("--citizens", type=_whole(1), default=200, help="citizens measured per replication (default 200)")
    p.add_argument("--replications", type=_whole(2), default=10, help="replications per point (default 10)")
    p.add_argument("--seed", type=_whole(0), default=1, help="master seed (default 1): every point uses its replication seeds")
    p.add_argument("--warmup-days", type=_days, metavar="DAYS", help="warm-up (default: the follow-up horizon)")
    p.add_argument("--workers", type=_whole(1), help="processes (default: all cores)")
    p.add_argument("--dask", metavar="ADDRESS", help="a Dask cluster: tcp://HOST:8786, or 'local'")
    p.add_argument("--out", metavar="DIR", help=f"where to write the table and charts (default results/{kind}-…)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kastje", description="Simulate citizens sent from desk to desk.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run one setting, with 95%% confidence intervals")
    _run_options(run)
    run.add_argument("--setting", default="chaos", help="preset name (default chaos)")
    run.add_argument("--events", metavar="PATH", help="stream the event log to this CSV file")
    cmp_ = sub.add_parser("compare", help="run several settings side by side")
    _run_options(cmp_)
    cmp_.add_argument("--settings", default="chaos,integral", help="comma-separated presets")
    val = sub.add_parser("validate", help="check scenario files")
    val.add_argument("files", nargs="+")
    val.add_argument("--lang", choices=language.codes(), help="language of the messages (default: $KASTJE_LANG or en)")
    show = sub.add_parser("show", help="roles, needs, cases, profiles and settings at a glance")
    show.add_argument("scenario")
    met = sub.add_parser("metrics", help="fold a stored event log (run --events) into the metrics")
    met.add_argument("events", help="CSV event log written by `kastje run --events`")
    met.add_argument("--scenario", help="the scenario file, if it is not where the log says")
    met.add_argument("--json", action="store_true", help="print JSON only (the shape of run --json)")
    met.add_argument("--by", choices=GROUPS, help="also break the results down per citizen profile or per case")
    sweep = sub.add_parser("sweep", help="every metric over a grid of lever values, staff and inflow")
    _grid_options(sweep, "sweep")
    sweep.add_argument("--vary", action="append", default=[], metavar="NAME=VALUES",
                       help="an axis: LEVER=START:STOP:STEP or LEVER=a,b,c, staff.ROLE=2,4,6, per_day=6,8 (repeatable)")
    sens = sub.add_parser("sensitivity", help="each lever (and each desk's staff) one step: which matters most")
    _grid_options(sens, "sensitivity")
    sens.add_argument("--no-staff", action="store_true", help="only the levers, not each desk's staff")
    jr = sub.add_parser("journey", help="each citizen's journey, told step by step as the app's journey page tells it")
    jr.add_argument("scenario", help="scenario YAML file")
    jr.add_argument("--setting", default="chaos", help="preset name (default chaos)")
    jr.add_argument("--citizens", type=_whole(1), default=200, help="citizens measured in the run (default 200)")
    who = jr.add_mutually_exclusive_group()
    who.add_argument("--citizen", type=_whole(1), metavar="ID", help="only this citizen (their number, as in run --events)")
    who.add_argument("--case", metavar="CASE", help="only the typical citizen of this case, as the page picks them")
    jr.add_argument("--seed", type=_whole(0), default=1, help="master seed (default 1)")
    jr.add_argument("--warmup-days", type=_days, metavar="DAYS", help="warm-up (default: the follow-up horizon)")
    jr.add_argument("--lang", choices=language.codes(), help="language of the journey (default: $KASTJE_LANG or en)")
    from sim.cli.break_even import add_parser as add_break_even
    add_break_even(sub, _whole, _days)
    from sim.cli.report import add_parser as add_report
    add_report(sub, _run_options)
    from sim.cli.workshop import add_parser as add_workshop
    add_workshop(sub)
    return parser


def _lang(args) -> str:
    return getattr(args, "lang", None) or os.environ.get("KASTJE_LANG", language.SOURCE)


def _command(name: str):
    """The function that carries out a command, imported only now."""
    if name == "workshop":
        from sim.cli.run import cmd_workshop
        return cmd_workshop
    if name in ("sweep", "sensitivity"):
        from sim.cli import decide as cli_decide
        return getattr(cli_decide, f"cmd_{name}")
    if name == "break-even":
        from sim.cli.break_even import cmd_break_even
        return cmd_break_even
    if name == "report":
        from sim.cli.report import cmd_report
        return cmd_report
    if name == "journey":
        from sim.cli.journey import cmd_journey
        return cmd_journey
    if name in ("validate", "show"):
        from sim.cli import scenario as cli_scenario
        return getattr(cli_scenario, f"cmd_{name}")
    from sim.cli import run as commands
    return getattr(commands, f"cmd_{name}")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _command(args.command)(args)
    except KeyboardInterrupt:
        print("kastje: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # noqa: BLE001 — the user's mistakes, said in one line; anything else is a bug
        return _said(err, args)


def _said(err: Exception, args) -> int:
    from sim.errors import RunawayCitizen
    from sim.scenario.loader import ScenarioError
    if isinstance(err, ScenarioError):
        print(err.render(_lang(args)), file=sys.stderr)
        return 1
    if isinstance(err, UserError):          # a setting, a lever value, an option (sim.scenario.presets too)
        print(f"kastje: {err}", file=sys.stderr)
        if getattr(err, "estimate", None) is not None and getattr(args, "json", False):
            print(json.dumps({"error": str(err), "estimate": err.estimate.as_dict()}))   # a script reads why
        return 2
    if isinstance(err, RunawayCitizen):
        print(f"kastje: {err.render(_lang(args))}", file=sys.stderr)
        return 1
    raise err


if __name__ == "__main__":
    sys.exit(main())
