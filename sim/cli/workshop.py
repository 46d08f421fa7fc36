"""`kastje workshop rehearse` and `kastje workshop log`: the workshop from the command line."""

from __future__ import annotations

import json
from pathlib import Path


class WorkshopError(Exception):
    """A user mistake on the workshop command line (shown as one line)."""


def add_parser(sub) -> None:
    ws = sub.add_parser("workshop", help="live role-play: a dress rehearsal, the stored log")
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


def run(args) -> int:
    return {"rehearse": cmd_rehearse, "log": cmd_log}[args.workshop_command](args)
