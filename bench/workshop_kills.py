"""Crash safety of the live workshop: kill -9 the process at random moments while players write,
restart it, and count what was lost.

Each kill runs `kastje workshop rehearse` (20 players on 2 tables, every acknowledged action's key
appended to an ack log the moment the service acknowledged it), kills it with SIGKILL after a
random delay — while sessions are being created, players seated, answers written — and starts it
again on the same database. After every restart it checks: the database opens and passes SQLite's
integrity check, the rehearsal resumes and finishes within the time limit (no session hangs, the
created-but-not-started ones included), and every acknowledged key is in the store. It prints one
line per kill and a summary; it exits 1 on any loss, hang or damaged file.

    python bench/workshop_kills.py                 # 20 kills
    python bench/workshop_kills.py --kills 3 --seed 7
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIJSTAND = str(ROOT / "scenarios" / "bijstand.yaml")


def command(db: Path, acks: Path) -> list[str]:
    return [sys.executable, "-m", "sim.cli.main", "workshop", "rehearse", BIJSTAND, "--players", "20", "--tables",
            "2", "--db", str(db), "--ack-log", str(acks), "--round-days", "3", "--pace", "400", "--replications", "3",
            "--json"]


def stored_keys(db: Path) -> set[str]:
    with sqlite3.connect(db) as con:
        return {r[0] for r in con.execute("SELECT idem_key FROM inputs")}


def one_kill(workdir: Path, delay: float, limit: float) -> dict:
    """A rehearsal killed after ``delay`` seconds, then run again to its end."""
    db, acks = workdir / "w.sqlite", workdir / "acks.txt"
    proc = subprocess.Popen(command(db, acks), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    acked = set(acks.read_text().splitlines()) if acks.exists() else set()
    out = {"delay_s": round(delay, 2), "acked_before": len(acked)}
    if db.exists():
        with sqlite3.connect(db) as con:
            out["integrity"] = con.execute("PRAGMA integrity_check").fetchone()[0]
        out["lost_at_kill"] = len(acked - stored_keys(db))
    started = time.monotonic()
    try:
        done = subprocess.run(command(db, acks), cwd=ROOT, capture_output=True, text=True, timeout=limit)
        out["resumed_in_s"] = round(time.monotonic() - started, 1)
        out["exit"] = done.returncode
        out["resumed"] = json.loads(done.stdout).get("resumed") if done.returncode == 0 else None
        if done.returncode:
            out["error"] = done.stderr.strip().splitlines()[-1:]
    except subprocess.TimeoutExpired:
        out["hung"] = True
        return out
    acked = set(acks.read_text().splitlines()) if acks.exists() else set()
    out["lost"] = len(acked - stored_keys(db))
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kills", type=int, default=20)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--longest-delay", type=float, default=6.0, help="kill within this many seconds of the start")
    p.add_argument("--limit", type=float, default=300.0, help="seconds a resumed rehearsal may take (else: hung)")
    args = p.parse_args()
    rng = random.Random(args.seed)
    bad = 0
    results = []
    for i in range(args.kills):
        with tempfile.TemporaryDirectory() as tmp:
            r = one_kill(Path(tmp), rng.uniform(0.3, args.longest_delay), args.limit)
        wrong = r.get("hung") or r.get("lost", 0) or r.get("lost_at_kill", 0) or r.get("exit") \
            or r.get("integrity", "ok") != "ok"
        bad += bool(wrong)
        results.append(r)
        print(f"kill {i + 1:2d}: {json.dumps(r)}{'  <-- FAILED' if wrong else ''}", flush=True)
    acked = sum(r["acked_before"] for r in results)
    print(f"\n{args.kills} kills: {acked} actions acknowledged before the kills, "
          f"{sum(r.get('lost', 0) + r.get('lost_at_kill', 0) for r in results)} lost, "
          f"{sum(bool(r.get('hung')) for r in results)} hung, "
          f"{sum(r.get('integrity', 'ok') != 'ok' for r in results)} damaged files; "
          f"resumed in {min(r.get('resumed_in_s', 0) for r in results)}–{max(r.get('resumed_in_s', 0) for r in results)} s")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
