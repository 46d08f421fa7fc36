"""kastje against its peers on one open queueing network, measured side by side in one run.

The network (issue 6): four entry desks with two staff each, exponential service of mean
10 minutes, Poisson arrivals spread evenly over the desks. Desk 0 resolves the citizen's
need; every other desk refers the citizen on, to desk 0 with probability 0.7 (routing
knowledge) and otherwise to one of the two other wrong desks, warm (no delay). The arrival
rate puts desk 0 at utilisation 0.6. Nobody abandons a queue (kastje's patience is switched off:
Ciw's network has none), and no minutes are added to the service time (telling, reading and
keeping the file, briefing on a warm hand-off are all 0): a contact is the 10-minute service.

The same network is run by

- **kastje**: the full engine (decision point, views, validation, typed events, the fold) on its
  fast kernel (sim.engine.kernel), in-process;
- **kastje-simpy**: the same on SimPy with Mesa, the reference engine (the same events);
- **kastje-cli**: ``kastje run`` as a user types it, one replication, timed as a whole command
  (Python's start, imports, the size estimate and the fold included);
- **ciw**: Ciw 3.2 (``pip install ciw``), a mature queueing-network library;
- **simpy**: a plain SimPy model (Resource per desk, a process per customer);
- **heapq**: a bare event loop on ``heapq``, the floor for Python on this network;
- **kastje-ref** (with ``--ref REV``): kastje as it was at git revision REV.

Like with like: **no peer has a warm-up** (every one starts empty and runs its customers to the
end; kastje with ``warmup_days=0``), and every in-process peer makes one small run first so that
first-call costs (imports, caches) are out of the timing. Each measurement runs in a fresh Python
process, and the peers take turns (interleaved rounds) so that a slow moment of the machine hits
all of them alike. Every peer reports visits per customer and mean wait per visit; they must agree
with each other and with theory (2.071 visits, 2.964 minutes), or the script exits 1.

    python bench/peers.py                          # 5 rounds of 100,000 customers
    python bench/peers.py --rounds 3 --customers 50000 --ref ae6bc5d
    python bench/peers.py --instructions           # instructions per customer, under callgrind

Wall time on a shared machine drifts by ±20% from minute to minute; the interleaved rounds
and medians absorb most of it. ``--instructions`` counts the instructions each peer executes
per customer under valgrind's callgrind instead (the same count run after run, only the
simulation itself counted, no imports): a repeatable second opinion on the ratios.
"""

from __future__ import annotations

import argparse
import heapq
import inspect
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import deque
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESKS, STAFF, MEAN, ROUTING = 4, 2, 10.0, 0.7
RIGHT_LOAD = 0.6
RATE = RIGHT_LOAD * STAFF / MEAN            # arrivals per minute: every customer ends at desk 0
MINUTES_PER_DAY = 480.0

SCENARIO = f"""
name: peers
horizon_days: 3650
clock: {{hours_per_day: 8}}
arrivals: {{per_day: {RATE * MINUTES_PER_DAY}}}
parameters: {{telling_minutes: 0, broad_intake_extra_minutes: 0, file_reading_minutes: 0, file_keeping_minutes: 0,
              consent_minutes: 0, warm_handoff_minutes: 0, file_error: 0}}
channels: {{line_patience_minutes: null, waiting_list_patience_days: null}}
roles:
""" + "".join(
    f"  - {{id: d{i}, name: D{i}, staff: {STAFF}, entry: true, "
    f"{'resolves: [q], ' if i == 0 else ''}service_minutes: {{dist: exponential, mean: {MEAN}}}}}\n"
    for i in range(DESKS)) + """
needs: [{id: q, name: Q}]
profiles: [{id: p, name: P, share: 1, persistence: null, self_diagnosis: 0.25, consent: 1}]
cases: [{id: k, title: K, story: S, share: 1, presenting: q, needs: [q]}]
settings:
  peers: {shared_file: full, routing_knowledge: 0.7, handoff: warm, intake: narrow, discretion: 0, coordination: none}
"""


def _next_desk(desk: int, rng: random.Random) -> int | None:
    """The routing of the network: desk 0 resolves; the others refer (0.7 right, else a wrong one)."""
    if desk == 0:
        return None
    if rng.random() < ROUTING:
        return 0
    others = [d for d in range(1, DESKS) if d != desk]
    return others[int(rng.random() * len(others))]


# --- the peers -------------------------------------------------------------------------

def run_heapq(customers: int, seed: int) -> dict:
    """A bare event loop on heapq: the least Python can do for this network."""
    rng = random.Random(seed)
    ARRIVE, ENTER, LEAVE = 0, 1, 2
    heap = [(rng.expovariate(RATE), 0, ARRIVE, 0, 0)]
    free = [STAFF] * DESKS
    queues = [deque() for _ in range(DESKS)]
    visits, waited, seq, arrived = 0, 0.0, 1, 1
    while heap:
        now, _, kind, cust, desk = heapq.heappop(heap)
        if kind == ARRIVE:                              # a new customer, and the next one's arrival
            if arrived < customers:
                heapq.heappush(heap, (now + rng.expovariate(RATE), seq, ARRIVE, arrived, 0))
                seq += 1
                arrived += 1
            kind, desk = ENTER, int(rng.random() * DESKS)
        if kind == ENTER:                               # at a desk: served now, or queue
            if free[desk]:
                free[desk] -= 1
                visits += 1
                heapq.heappush(heap, (now + rng.expovariate(1 / MEAN), seq, LEAVE, cust, desk))
                seq += 1
            else:
                queues[desk].append((cust, now))
            continue
        if queues[desk]:                                # service ends: the next in line, or a free desk
            nxt, since = queues[desk].popleft()
            waited += now - since
            visits += 1
            heapq.heappush(heap, (now + rng.expovariate(1 / MEAN), seq, LEAVE, nxt, desk))
            seq += 1
        else:
            free[desk] += 1
        to = _next_desk(desk, rng)
        if to is not None:                              # warm: at the next desk straight away
            heapq.heappush(heap, (now, seq, ENTER, cust, to))
            seq += 1
    return {"customers": customers, "visits": visits, "waited": waited}


def run_simpy(customers: int, seed: int) -> dict:
    """A plain SimPy model, written as the SimPy documentation writes one."""
    import simpy

    rng = random.Random(seed)
    env = simpy.Environment()
    desks = [simpy.Resource(env, capacity=STAFF) for _ in range(DESKS)]
    stats = {"visits": 0, "waited": 0.0}

    def customer(desk):
        while desk is not None:
            queued = env.now
            with desks[desk].request() as req:
                yield req
                stats["waited"] += env.now - queued
                stats["visits"] += 1
                yield env.timeout(rng.expovariate(1 / MEAN))
            desk = _next_desk(desk, rng)

    def source():
        for _ in range(customers):
            yield env.timeout(rng.expovariate(RATE))
            env.process(customer(int(rng.random() * DESKS)))

    env.process(source())
    env.run()
    return {"customers": customers, **stats}


def run_ciw(customers: int, seed: int) -> dict:
    """Ciw's own simulation is timed; building the network and reading its records is not."""
    import ciw

    others = [[0.0] * DESKS] + [
        [ROUTING if j == 0 else (0.0 if j == i else (1 - ROUTING) / (DESKS - 2)) for j in range(DESKS)]
        for i in range(1, DESKS)]
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate=RATE / DESKS) for _ in range(DESKS)],
        service_distributions=[ciw.dists.Exponential(rate=1 / MEAN) for _ in range(DESKS)],
        routing=others, number_of_servers=[STAFF] * DESKS)
    ciw.seed(seed)
    ciw.Simulation(network).simulate_until_max_time(20 / RATE)      # first-call costs out of the way
    ciw.seed(seed)
    sim = ciw.Simulation(network)
    started = time.perf_counter()
    with _instructions_counted():
        sim.simulate_until_max_time(customers / RATE)
    seconds = time.perf_counter() - started
    records = sim.get_all_records()
    done = {r.id_number for r in records if r.node == 1}     # left through desk 0 (node 1)
    mine = [r for r in records if r.id_number in done]
    return {"customers": len(done), "visits": len(mine), "waited": sum(r.waiting_time for r in mine),
            "seconds": seconds}


def run_kastje(customers: int, seed: int, root: Path = ROOT, engine: str = "fast") -> dict:
    sys.path.insert(0, str(root))
    try:                                                # today's layout (sim/ in layers)
        from sim.experiments.replications import run_once
        from sim.scenario.loader import parse_scenario
        from sim.scenario.presets import resolve_setting
    except ImportError:                                 # an older revision (--ref): sim/ as flat modules
        from sim.experiment import run_once
        from sim.loader import parse_scenario
        from sim.settings import resolve_setting

    sc = parse_scenario(SCENARIO, "peers.yaml")
    setting = resolve_setting(sc, "peers")
    try:
        from sim.counting.tally import CountedModel
        has_engines = "engine" in inspect.signature(CountedModel.__mro__[1].__init__).parameters
    except ImportError:
        has_engines = False

    def one(n: int):
        if has_engines:
            return CountedModel(sc, setting, n, seed, warmup_days=0, engine=engine).run()
        return run_once(sc, setting, n, seed=seed, warmup_days=0)   # an older revision: one engine
    one(20)                                             # first-call costs out of the way
    started = time.perf_counter()
    with _instructions_counted():
        model = one(customers)
    seconds = time.perf_counter() - started
    contacts = model.ledger.column("contacts")
    return {"customers": customers, "visits": float(contacts.sum()),
            "waited": float(model.ledger.column("wait_minutes").sum()), "seconds": seconds}


def _plain(run):
    """Time (and count) a peer that has no set-up worth leaving out."""
    def timed(customers: int, seed: int) -> dict:
        run(min(customers, 20), seed)                   # first-call costs out of the way
        started = time.perf_counter()
        with _instructions_counted():
            out = run(customers, seed)
        out["seconds"] = time.perf_counter() - started
        return out
    return timed


class _instructions_counted:
    """Under callgrind (--instructions), count only what happens inside this block."""

    def __enter__(self):
        self._toggle("on")

    def __exit__(self, *exc):
        self._toggle("off")

    @staticmethod
    def _toggle(state: str) -> None:
        if os.environ.get("KASTJE_CALLGRIND"):
            subprocess.run(["callgrind_control", "-i", state, str(os.getpid())], capture_output=True, check=True)


def run_kastje_cli(customers: int, seed: int) -> dict:
    """``kastje run`` as a user types it: the whole command, timed from outside."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "peers.yaml"
        path.write_text(SCENARIO, encoding="utf-8")
        cmd = [str(Path(sys.executable).with_name("kastje")), "run", str(path), "--setting", "peers",
               "--citizens", str(customers), "--replications", "1", "--warmup-days", "0", "--workers", "1",
               "--seed", str(seed), "--yes", "--json"]
        started = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - started
    metrics = json.loads(out.stdout)["metrics"]
    visits = metrics["contacts"]["mean"] * customers
    return {"customers": customers, "visits": visits, "waited": metrics["wait_minutes"]["mean"] * customers,
            "seconds": seconds}


PEERS = {"kastje": run_kastje, "kastje-simpy": lambda n, s: run_kastje(n, s, engine="simpy"),
         "kastje-cli": run_kastje_cli, "ciw": run_ciw, "simpy": _plain(run_simpy), "heapq": _plain(run_heapq)}


# --- measuring -------------------------------------------------------------------------

def measure_one(peer: str, customers: int, seed: int, ref_root: str | None) -> dict:
    if peer == "kastje-ref":
        out = run_kastje(customers, seed, Path(ref_root))
    else:
        out = PEERS[peer](customers, seed)
    return out


def in_fresh_process(peer: str, customers: int, seed: int, ref_root: str | None, counted: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--one", peer, "--customers", str(customers), "--seed", str(seed)]
    if ref_root:
        cmd += ["--ref-root", ref_root]
    env = dict(os.environ)
    if counted:
        cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null"] + cmd
        env["KASTJE_CALLGRIND"] = "1"
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if counted:
        collected = re.search(r"Collected : (\d+)", out.stderr)
        result["instructions"] = int(collected.group(1))
    return result


def export_revision(rev: str, into: Path) -> Path:
    """The project as it was at ``rev`` (git archive), to measure it beside today's code."""
    tar = into / "ref.tar"
    with tar.open("wb") as fh:
        subprocess.run(["git", "archive", rev], cwd=ROOT, stdout=fh, check=True)
    with tarfile.open(tar) as archive:
        archive.extractall(into / "ref", filter="data")
    return into / "ref"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--customers", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--ref", help="also measure kastje at this git revision (e.g. ae6bc5d)")
    p.add_argument("--peers", default="kastje,kastje-simpy,kastje-cli,ciw,simpy,heapq")
    p.add_argument("--instructions", action="store_true",
                   help="count instructions per customer under callgrind (slow: use ~2,000 customers)")
    p.add_argument("--one", help=argparse.SUPPRESS)
    p.add_argument("--ref-root", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one, args.customers, args.seed, args.ref_root)))
        return
    peers = args.peers.split(",") + (["kastje-ref"] if args.ref else [])
    with tempfile.TemporaryDirectory() as tmp:
        ref_root = str(export_revision(args.ref, Path(tmp))) if args.ref else None
        runs: dict[str, list[dict]] = {peer: [] for peer in peers}
        if args.instructions:
            for peer in peers:
                runs[peer].append(in_fresh_process(peer, args.customers, args.seed, ref_root, counted=True))
            report_instructions(runs, args)
            return
        for r in range(args.rounds):
            order = peers[r % len(peers):] + peers[:r % len(peers)]
            for peer in order:
                runs[peer].append(in_fresh_process(peer, args.customers, args.seed + r, ref_root))
                print(f"  round {r + 1} {peer}: {runs[peer][-1]['seconds']:.2f} s", file=sys.stderr, flush=True)
    report(runs, args)


def report_instructions(runs: dict[str, list[dict]], args) -> None:
    per = {peer: outs[0]["instructions"] / outs[0]["customers"] / 1000 for peer, outs in runs.items()}
    print(f"# Instructions per customer under callgrind ({args.customers:,} customers, seed {args.seed}; "
          "only the simulation counted)")
    print("| peer | k instructions per customer | kastje / peer (speed) |")
    print("|---|---:|---:|")
    for peer, k in per.items():
        ratio = k / per["kastje"] if "kastje" in per else float("nan")
        print(f"| {peer} | {k:,.1f} | {ratio:.2f} |")


def theory() -> tuple[float, float]:
    """Visits per customer and mean wait per visit from queueing theory: the network is a
    Jackson network (Poisson arrivals, exponential service, probabilistic routing), so every
    desk behaves as an M/M/2 queue and Erlang C gives its wait."""
    import math

    def erlang_c_wait(lam: float) -> float:
        a = lam * MEAN
        top = a ** STAFF / math.factorial(STAFF) / (1 - a / STAFF)
        p_wait = top / (sum(a ** k / math.factorial(k) for k in range(STAFF)) + top)
        return p_wait * MEAN / (STAFF - a)

    wrong_visits = (DESKS - 1) / DESKS / ROUTING            # start wrong, then geometric with p = ROUTING
    per_wrong_desk = RATE * wrong_visits / (DESKS - 1)
    visits = 1 + wrong_visits
    wait = (erlang_c_wait(RATE) + wrong_visits * erlang_c_wait(per_wrong_desk)) / visits
    return visits, wait


def report(runs: dict[str, list[dict]], args) -> None:
    rate = {peer: statistics.median(o["customers"] / o["seconds"] for o in outs) for peer, outs in runs.items()}
    print(f"# Open network: {DESKS} entry desks, c={STAFF}, exponential {MEAN:g}-minute service, "
          f"routing knowledge {ROUTING}, warm, utilisation {RIGHT_LOAD} at the right desk")
    print(f"# {args.customers:,} customers x {args.rounds} interleaved rounds, each in a fresh process; "
          f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores")
    print("| peer | customers/s (median) | visits per customer | wait per visit (min) | kastje / peer |")
    print("|---|---:|---:|---:|---:|")
    for peer, outs in runs.items():
        visits = sum(o["visits"] for o in outs) / sum(o["customers"] for o in outs)
        wait = sum(o["waited"] for o in outs) / sum(o["visits"] for o in outs)
        ratio = rate["kastje"] / rate[peer] if "kastje" in rate else float("nan")
        print(f"| {peer} | {rate[peer]:,.0f} | {visits:.3f} | {wait:.3f} | {ratio:.2f} |")
    visits, wait = theory()
    print(f"| theory (Jackson network, Erlang C) | | {visits:.3f} | {wait:.3f} | |")
    if "heapq" in rate and "kastje" in rate:
        print(f"\nkastje reaches {100 * rate['kastje'] / rate['heapq']:.1f}% of the heapq floor.")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    print(f"measured {time.strftime('%Y-%m-%d')} at commit {commit.strip() or '?'}")
    disagree = agreement(runs, visits, wait, args.customers * args.rounds)
    if disagree:
        print("\nDISAGREE: " + "; ".join(disagree))
        sys.exit(1)


def agreement(runs: dict[str, list[dict]], visits: float, wait: float, customers: int) -> list[str]:
    """Which peers' visits per customer or wait per visit are off theory by more than chance
    allows at this size (visits 2%, waits 10% at 50,000 customers, wider for fewer)."""
    slack = max(1.0, (50_000 / max(customers, 1)) ** 0.5)
    out = []
    for peer, outs in runs.items():
        v = sum(o["visits"] for o in outs) / sum(o["customers"] for o in outs)
        w = sum(o["waited"] for o in outs) / sum(o["visits"] for o in outs)
        if abs(v - visits) > 0.02 * visits * slack or abs(w - wait) > 0.10 * wait * slack:
            out.append(f"{peer}: {v:.3f} visits, {w:.3f} min (theory {visits:.3f}, {wait:.3f})")
    return out


if __name__ == "__main__":
    main()
