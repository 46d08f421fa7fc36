"""The app's first load, as a user meets it: a fresh `streamlit run app.py`, Chromium opens the
compare page, and the clock runs until the page is complete (the last element, the PDF
button, is on screen and nothing is running). Each round starts a new server, so no run or
chart is cached.

    python bench/app_first_load.py [--rounds 3]

Needs Playwright and Debian's chromium (as the browser test). Prints one line per round and
the median; docs/performance.md quotes it.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("KASTJE_CHROMIUM", "/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.address", "127.0.0.1", "--server.headless", "true",
                             "--server.fileWatcherType", "none"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("streamlit did not start")


def cpu_seconds() -> dict[str, float]:
    """CPU seconds used so far, per kind of process (Linux /proc): where a load's time goes."""
    out: dict[str, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmd = Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        kind = ("chromium" if "chrom" in cmd else "simulation workers" if "forkserver" in cmd
                else "streamlit (page)" if "streamlit" in cmd else "other")
        out[kind] = out.get(kind, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return out


def one_round(browser) -> float:
    port = free_port()
    server = start_server(port)
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        before = cpu_seconds()
        start = time.perf_counter()
        page.goto(f"http://127.0.0.1:{port}/")
        page.get_by_text("In één oogopslag").wait_for(timeout=120_000)
        figures = time.perf_counter() - start
        page.get_by_text("Rapport voor het MT (PDF)").wait_for(timeout=120_000)
        page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=120_000)
        took = time.perf_counter() - start
        after = cpu_seconds()
        page.close()
        used = {k: after.get(k, 0.0) - before.get(k, 0.0) for k in after}
        print("  CPU seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(used.items(), key=lambda kv: -kv[1])
                                            if k != "other"))
        return figures, took
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        times = []
        for k in range(args.rounds):
            figures, took = one_round(browser)
            times.append(took)
            print(f"round {k + 1}: first figures after {figures:.1f} s, compare page complete after {took:.1f} s")
        browser.close()
    print(f"median {statistics.median(times):.1f} s over {len(times)} rounds ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
