"""Issue 20, point 8: no traceback in the server's log after a restart mid-session.

`streamlit run app.py` on a session whose round is being played, with the room's tabs open (the
facilitator, two seated players, the projector, the debrief); the server is stopped and started
again on the same port, every tab reconnects at once, and the log of both runs must hold no
traceback. Before the fix the process pool's fork server handed app.py to a worker, which drew
the app and started a pool of its own ("bootstrapping phase", sim/experiments/pool.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.test_browser import CHROMIUM, free_port, sync_playwright
from tests.test_browser_workshop import ARGS


def start(port: int, db: Path, log: Path) -> subprocess.Popen:
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", KASTJE_DB=str(db))
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while True:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                return proc
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("streamlit did not become healthy:\n" + log.read_text()[-2000:])
        time.sleep(0.3)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def session(db: Path) -> tuple[str, str, list[str]]:
    """A started round at two tables, a desk player at each: what the room has open."""
    from workshop.service import Service
    from workshop.store import Store
    service = Service(Store(db))
    scenario = (ROOT / "scenarios" / "bijstand.yaml").read_text()
    code, key = service.create(scenario, "bijstand.yaml", {"A": "chaos", "B": "integral"}, citizens=8, seed=3,
                               round_days=5, timer_minutes=600, pace=20)
    players = []
    for table, name in (("A", "Dewi"), ("B", "Sam")):
        player = service.join(code, name)
        service.take_seat(code, player, table, "kcc")
        players.append(player)
    service.start(code, key)
    return code, key, players


def test_a_restart_mid_session_leaves_no_traceback_in_the_log(tmp_path):
    db, log = tmp_path / "workshop.sqlite", tmp_path / "server.log"
    code, key, players = session(db)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    tabs = [f"/facilitate?lang=nl&code={code}&key={key}", f"/projector?lang=nl&code={code}",
            f"/debrief?lang=nl&code={code}&key={key}"] + [f"/play?lang=nl&code={code}&player={p}" for p in players]
    server = start(port, db, log)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
            pages = [browser.new_context(viewport={"width": 1000, "height": 800}).new_page() for _ in tabs]
            for page, tab in zip(pages, tabs, strict=True):      # the room opens its tabs at once
                page.goto(url + tab, wait_until="commit")
            desks = [page.get_by_role("heading", name="Klantcontactcentrum (KCC)") for page in pages[3:]]
            for desk in desks:
                expect(desk).to_be_visible(timeout=90_000)
            expect(pages[1].get_by_text("Burgers binnen").first).to_be_visible(timeout=90_000)

            stop(server)                                     # the laptop's server goes down ...
            server = start(port, db, log)                    # ... and comes back on the same address
            for page, tab in zip(pages, tabs, strict=True):  # every tab back at once
                page.goto(url + tab, wait_until="commit")
            for desk in desks:
                expect(desk).to_be_visible(timeout=90_000)
            expect(pages[1].get_by_text("Burgers binnen").first).to_be_visible(timeout=90_000)
            expect(pages[0].get_by_text(code).first).to_be_visible(timeout=90_000)
            pages[0].wait_for_timeout(3000)                  # the pool's workers and the pacers run meanwhile
            contents = [page.content() for page in pages]
            browser.close()
    finally:
        stop(server)
    text = log.read_text()
    assert text.count("Uvicorn server started") == 2 or text.count("You can now view") == 2, text[-2000:]
    assert "Traceback" not in text, text[-4000:]
    assert "bootstrapping phase" not in text
    assert "missing ScriptRunContext" not in text            # no worker ran the page script outside Streamlit
    assert not any("Traceback" in c for c in contents)
