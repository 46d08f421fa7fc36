"""`kastje workshop rehearse`, `kastje workshop log` and `kastje workshop handout`: the workshop from the
command line."""

from __future__ import annotations

import json
from pathlib import Path


class WorkshopError(Exception):
    """A user mistake on the workshop command line (shown as one line)."""


def add_parser(sub) -> None:
    ws = sub.add_parser("workshop", help="live role-play: a dress rehearsal, the stored log, the handout")
    wsub = ws.add_subparsers(dest="workshop_command", required=True)
    reh = wsub.add_parser("rehearse", help="simulated players play a full round through the service")
    reh.add_argument("scenario")
    reh.add_argument("--players", type=int, required=True)
    reh.add_argument("--tables", type=int, default=1)
    reh.add_argument("--setting", help="every table's setting (default: chaos, integral, chaos, …)")
    reh.add_argument("--seed", type=int, default=1)
    reh.add_argument("--citizens", type=int, default=40, help="the deck: citizens per table (default 40)")
    reh.add_argument("--round-days", type=float, default=5.0, help="working days a round lasts (default 5)")
    reh.add_argument("--pace", type=float, default=240.0,
                     help="model minutes per second (default 240: a working day in 2 s)")
    reh.add_argument("--replications", type=int, default=50, help="simulated rounds for the band (default 50)")
    reh.add_argument("--db", required=True, help="the SQLite session store")
    reh.add_argument("--ack-log", help="append one line per acknowledged player action: its idempotency key")
    reh.add_argument("--json", action="store_true")
    log = wsub.add_parser("log", help="the stored inputs of every session, and each table's rebuilt metrics")
    log.add_argument("--db", required=True)
    log.add_argument("--session", help="only this session (join code)")
    log.add_argument("--json", action="store_true", required=True)
    from sim import language
    ho = wsub.add_parser("handout", help="the debrief handout (PDF) of a played session, for printing")
    ho.add_argument("--db", required=True, help="the SQLite session store")
    ho.add_argument("--session", help="the session's join code (default: the last session)")
    ho.add_argument("--lang", choices=language.codes(),
                    help="language of the handout (default: the session's, else $KASTJE_LANG or en)")
    ho.add_argument("--replications", type=int, default=50, help="simulated rounds for the band (default 50)")
    ho.add_argument("--out", required=True, help="the PDF to write")
    er = wsub.add_parser("erase", help="replace the players' names by 'speler N' in the store and its file")
    er.add_argument("--db", required=True, help="the SQLite session store")
    which = er.add_mutually_exclusive_group(required=True)
    which.add_argument("--session", help="this session (join code), ended or not")
    which.add_argument("--older-than", type=float, metavar="DAYS",
                       help="every session that ended more than DAYS days ago (a retention policy)")
    er.add_argument("--dry-run", action="store_true", help="say what would be erased, change nothing")


def table_settings(scenario, tables: int, setting: str | None) -> dict[str, str]:
    from sim.scenario.presets import resolve_setting
    if tables < 1:
        raise WorkshopError("--tables must be at least 1")
    names = [setting] * tables if setting else [("chaos", "integral")[i % 2] for i in range(tables)]
    for name in set(names):
        resolve_setting(scenario, name)
    return {chr(ord("A") + i): name for i, name in enumerate(names)}


def cmd_rehearse(args) -> int:
    import numpy as np

    from sim.scenario.loader import load_scenario
    from workshop.debrief import debrief
    from workshop.rehearsal import rehearse
    from workshop.service import Service
    from workshop.store import Store
    if args.players < 1:
        raise WorkshopError("--players must be at least 1")
    scenario = load_scenario(args.scenario)
    tables = table_settings(scenario, args.tables, args.setting)
    text = Path(args.scenario).read_text(encoding="utf-8")
    service = Service(Store(args.db))
    result = rehearse(service, text, Path(args.scenario).name, tables, args.players, args.citizens, args.seed,
                      args.round_days, args.pace, Path(args.ack_log) if args.ack_log else None)
    session = service.open(result["code"])
    report = debrief(session.tables, args.replications)
    lat = np.array(result["latencies"]) * 1000
    latency = ({f"p{q}": float(np.percentile(lat, q)) for q in (50, 95, 99)} if lat.size else {})
    out = {"session": result["code"], "resumed": result["resumed"], "players": result["players"],
           "tables": tables, "seconds": result["seconds"], "actions": result["actions"],
           "acknowledgements": int(lat.size), "latency_ms": latency,
           "debrief": report}
    service.end_session(result["code"], result["facilitator_key"])
    if args.json:
        print(json.dumps(out, indent=2, default=float))
        return 0
    print(f"rehearsal {out['session']}{' (resumed)' if out['resumed'] else ''}: {out['players']} players, "
          f"{len(tables)} table(s), {out['seconds']:.1f} s, {out['actions']} actions acknowledged "
          f"({out['acknowledgements']} acknowledgements: double clicks answered once)")
    if latency:
        print("action latency: " + ", ".join(f"{k} {v:.1f} ms" for k, v in latency.items()))
    for name, t in report.items():
        print(f"\ntable {name} ({tables[name]}): round [simulated band, 95% of {args.replications} rounds, "
              f"same citizens]; answered by {t['answered_by']}")
        for metric, value in t["metrics"].items():
            lo, hi = t["band"][metric]["range95"]
            print(f"  {metric:<16} {value:8.3f}   [{lo:.3f}, {hi:.3f}]")
    return 0


def cmd_log(args) -> int:
    from sim.counting.metrics import summarize
    from workshop.service import Refused, Service
    from workshop.store import Store
    service = Service(Store(args.db))
    codes = [args.session] if args.session else service.store.sessions()
    out = {}
    for code in codes:
        found = service.store.session(code)
        if found is None:
            raise WorkshopError(f"no session {code} in {args.db}")
        inputs = [{"seq": r.seq, "table": r.table, "kind": r.kind, "payload": r.payload, "tick": r.tick,
                   "key": r.key} for r in service.store.inputs(code)]
        entry = {"ended": found[2] is not None, "inputs": inputs}
        try:
            session = service.rebuild(code)
            entry["tables"] = {n: {"tick": t.tick, "metrics": summarize(t.model.ledger)} for n, t in session.tables.items()}
        except Refused as err:
            entry["error"] = str(err)
        out[code] = entry
    print(json.dumps(out, indent=2, default=float))
    return 0


def played_rounds(service, code: str) -> tuple[dict, object]:
    """Every round of a stored session (ended or not) as its inputs make it, and its scenario:
    whoever holds the session file is the facilitator, as for ``workshop log``."""
    session = service.rebuild(code)
    rounds = {i + 1: tables for i, tables in enumerate(session.past)}
    if session.started:
        rounds[session.round] = session.tables
    return rounds, next(iter(session.tables.values())).round.scenario


def cmd_handout(args) -> int:
    import os

    from report.handout import session_handout
    from sim import language
    from workshop.codes import normalise
    from workshop.service import Service
    from workshop.store import Store
    if not Path(args.db).is_file():
        raise WorkshopError(f"no session store {args.db}")
    if args.replications < 1:
        raise WorkshopError("--replications must be at least 1")
    service = Service(Store(args.db))
    codes = service.store.sessions()
    if not codes:
        raise WorkshopError(f"no session in {args.db}")
    code = normalise(args.session) if args.session else codes[-1]
    if code not in codes:
        raise WorkshopError(f"no session {code} in {args.db} (there are: {', '.join(codes)})")
    config = service.config(code)
    lang = args.lang or config.get("lang") or os.environ.get("KASTJE_LANG") or language.SOURCE
    if lang not in language.codes():
        lang = language.SOURCE
    played, scenario = played_rounds(service, code)
    if not any(all(tbl.over for tbl in tables.values()) for tables in played.values()):
        raise WorkshopError(f"session {code} has no round played to its end yet: nothing to hand out")
    pdf = session_handout(service, code, played, scenario, lang, replications=args.replications)
    out = Path(args.out)
    try:
        out.write_bytes(pdf)
    except OSError as err:
        raise WorkshopError(f"cannot write {out}: {err.strerror}") from None
    print(f"handout of session {code} ({lang}, {len(played)} round(s), band of {args.replications} simulated "
          f"rounds): {out}")
    return 0


def cmd_erase(args) -> int:
    """Names out of the store, for a retention policy: whoever holds the file may (as for ``log``)."""
    import time

    from workshop.codes import normalise
    from workshop.store import Store
    if not Path(args.db).is_file():
        raise WorkshopError(f"no session store {args.db}")
    store = Store(args.db)
    if args.session:
        code = normalise(args.session)
        if store.session(code) is None:
            raise WorkshopError(f"no session {code} in {args.db} (there are: {', '.join(store.sessions()) or 'none'})")
        codes = [code]
    else:
        if args.older_than < 0:
            raise WorkshopError("--older-than must be 0 or more days")
        codes = store.ended_before(time.time() - args.older_than * 86400)
    total = 0
    for code in codes:
        n = len(store.named(code)) if args.dry_run else store.erase_names(code)
        total += n
        print(f"{code}: {n} name(s) {'would be ' if args.dry_run else ''}replaced by 'speler N'")
    print(f"{len(codes)} session(s), {total} name(s) {'would be ' if args.dry_run else ''}erased"
          + ("" if args.dry_run or not codes else f"; {args.db} and its write-ahead log no longer hold them"))
    return 0


def run(args) -> int:
    return {"rehearse": cmd_rehearse, "log": cmd_log, "handout": cmd_handout,
            "erase": cmd_erase}[args.workshop_command](args)
