"""``kastje report SCENARIO --settings A,B [--business] [--lang LANG] --out FILE.pdf``: the app's two
PDFs from the command line — the management report, or with ``--business`` the business case —
of exactly two settings, run with the options of ``compare``. The parser part imports nothing
heavy (``kastje --help`` stays quick); the run and the PDF load with the command."""

from __future__ import annotations

import argparse

from sim import language


def add_parser(sub, run_options) -> None:
    p = sub.add_parser("report", help="the management report (or with --business the business case) of two "
                                      "settings as a PDF")
    run_options(p)
    p.add_argument("--settings", required=True, metavar="A,B",
                   help="exactly two comma-separated presets; the difference is B - A")
    p.add_argument("--business", action="store_true",
                   help="write the business case (euros, FTE, assumptions) instead of the management report")
    p.add_argument("--lang", choices=language.codes(), help="language of the PDF (default: $KASTJE_LANG or en)")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")


def two_settings(text: str) -> list[str]:
    """The two preset names of ``--settings``, or the reason they are not two."""
    from sim.errors import UserError
    names = [n.strip() for n in text.split(",") if n.strip()]
    if len(names) != 2 or names[0] == names[1]:
        raise UserError(f"--settings needs exactly two different presets, e.g. chaos,integral; got '{text}'")
    return names


def cmd_report(args: argparse.Namespace) -> int:
    import json
    import sys
    from pathlib import Path

    from report.business_pdf import business_pdf
    from report.compare_pdf import named, pdf_report
    from sim.cli.main import _lang
    from sim.cli.run import _check_size, _overload_warnings, _progress_printer
    from sim.errors import UserError
    from sim.experiments.app_runs import run_many_for_app
    from sim.experiments.pool import use_cluster
    from sim.scenario.loader import load_scenario
    from sim.scenario.presets import resolve_setting

    names = two_settings(args.settings)
    folder = Path(args.out).resolve().parent
    if not folder.is_dir():
        raise UserError(f"cannot write {args.out}: there is no folder {folder}")
    use_cluster(args.dask)
    scenario = load_scenario(args.scenario)
    settings = {n: resolve_setting(scenario, n, args.overrides) for n in names}
    workers = _check_size(scenario, list(settings.values()), args)
    lang = _lang(args)
    runs = dict(zip(names, run_many_for_app([(scenario, s) for s in settings.values()], args.citizens,
                                            args.replications, args.seed,
                                            _progress_printer(not args.json, "report"), workers, args.warmup_days)))
    if args.business:
        text = Path(args.scenario).read_text(encoding="utf-8")
        pdf = business_pdf(runs, scenario, text, lang)
    else:
        labels = named(names, lang)
        pdf = pdf_report({label: runs[code] for label, code in labels.items()}, scenario, lang,
                         codes=labels, warmup_days=args.warmup_days)
    try:
        Path(args.out).write_bytes(pdf)
    except OSError as err:
        raise UserError(f"cannot write {args.out}: {err.strerror}") from None
    kind = "business case" if args.business else "management report"
    if args.json:
        print(json.dumps({"scenario": args.scenario, "settings": names, "out": args.out, "kind": kind,
                          "lang": lang, "citizens": args.citizens, "replications": args.replications,
                          "seed": args.seed, "overloaded": {n: r.overloaded for n, r in runs.items()}}, indent=2))
        return 0
    for line in _overload_warnings(runs):
        print(line, file=sys.stderr)
    print(f"{kind} of {names[1]} against {names[0]} ({args.citizens} citizens x {args.replications} replications, "
          f"seed {args.seed}, in {lang}) written to {args.out}")
    return 0
