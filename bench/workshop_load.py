"""The live workshop under load: several sessions of many players at once through the service
layer, over a full round each, counting lost and duplicated actions and the latency of each.

Every session is a dress rehearsal (workshop.rehearsal: simulated players who look at their
seat, think a moment and answer, sending one answer in ten twice, as a double click would) on
ONE service and ONE SQLite store, all sessions at the same time. Afterwards: every acknowledged
action must be in the store exactly once (lost: acknowledged but not stored; duplicated: two
stored answers to one decision), and the latency of an acknowledgement is reported as p50, p95
and p99. Exits 1 on any loss or duplicate.

    python bench/workshop_load.py                          # 5 sessions x 50 players
    python bench/workshop_load.py --sessions 2 --players 20
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from workshop.rehearsal import rehearse
from workshop.service import Service
from workshop.store import Store


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sessions", type=int, default=5)
    p.add_argument("--players", type=int, default=50)
    p.add_argument("--citizens", type=int, default=40)
    p.add_argument("--round-days", type=float, default=5)
    p.add_argument("--pace", type=float, default=240)
    args = p.parse_args()
    text = (ROOT / "scenarios" / "bijstand.yaml").read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        service = Service(Store(Path(tmp) / "load.sqlite"))
        results: list[dict] = []

        def one(i: int) -> None:
            ack = Path(tmp) / f"acks-{i}.txt"
            results.append({**rehearse(service, text, "bijstand.yaml", {"A": "chaos", "B": "integral"}, args.players,
                                       args.citizens, seed=i + 1, round_days=args.round_days, pace=args.pace,
                                       ack_log=ack, fresh=True), "ack": ack})

        started = time.perf_counter()
        threads = [threading.Thread(target=one, args=(i,)) for i in range(args.sessions)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - started
        lost = duplicated = actions = 0
        latencies: list[float] = []
        for r in results:
            inputs = service.store.inputs(r["code"])
            keys = {x.key for x in inputs}
            acked = set(r["ack"].read_text().splitlines()) if r["ack"].exists() else set()
            lost += len(acked - keys)
            per_decision = Counter((x.table, x.payload.get("round", 1), x.payload["decision"]) for x in inputs
                                   if x.kind == "answer")
            duplicated += sum(n - 1 for n in per_decision.values() if n > 1)
            actions += len(acked)
            latencies += r["latencies"]
    ms = np.array(latencies) * 1000
    print(f"{args.sessions} sessions x {args.players} players, {args.citizens} citizens a table, "
          f"{args.round_days:g}-day rounds: {wall:.1f} s wall")
    print(f"{actions} actions acknowledged ({len(latencies)} acknowledgements, double clicks included): "
          f"{lost} lost, {duplicated} duplicated")
    if ms.size:
        print("latency: " + ", ".join(f"p{q} {np.percentile(ms, q):.2f} ms" for q in (50, 95, 99)))
    return 1 if lost or duplicated else 0


if __name__ == "__main__":
    sys.exit(main())
