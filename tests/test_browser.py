"""End to end in a real browser: `streamlit run app.py`, driven by Playwright in Debian's Chromium.

Screenshots go to results/screenshots/ (not committed) so a person can look at them.
.ci/run installs Chromium and Playwright and sets KASTJE_REQUIRE_BROWSER=1, so in CI this
test runs or fails; on a machine without a browser it is skipped.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path(os.environ.get("KASTJE_CHROMIUM", "/usr/bin/chromium"))
SHOTS = ROOT / "results" / "screenshots"
REQUIRED = os.environ.get("KASTJE_REQUIRE_BROWSER") == "1"

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

if sync_playwright is None or not CHROMIUM.exists():
    if REQUIRED:
        raise RuntimeError(f"browser test required but Playwright or {CHROMIUM} is missing")
    pytest.skip("Playwright or Chromium not installed", allow_module_level=True)


def full_shot(page, name: str) -> None:
    """Streamlit scrolls inside its own container: grow the viewport to catch the whole page."""
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": max(1000, min(int(height) + 100, 8000))})
    page.wait_for_timeout(1500)
    page.screenshot(path=str(SHOTS / name), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 1000})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_app(log: Path | None = None, **env):
    """`streamlit run app.py` on a free port (with ``env`` added), until the block ends; its
    output goes to ``log`` (a file the test can read for tracebacks) or a temporary file, never
    to a pipe nobody reads (a full pipe would stall the server)."""
    port = free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", **env)
    out = open(log, "wb") if log is not None else tempfile.TemporaryFile()  # noqa: SIM115 - closed after the server
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out.seek(0)
            raise RuntimeError("streamlit did not become healthy:\n" + out.read().decode()[-2000:])
        time.sleep(0.5)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        out.close()


@pytest.fixture(scope="module")
def uploads(tmp_path_factory):
    """Where the app keeps uploads by their hash (for a refresh): the test's own folder."""
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="module")
def server(uploads):
    with streamlit_app(KASTJE_UPLOADS=str(uploads)) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(180_000)
        expect.set_options(timeout=180_000)
        yield page
        browser.close()


def test_compare_page_shows_the_difference(page, server):
    page.goto(server)
    story = page.get_by_text("zag de gemiddelde burger")
    expect(story.first).to_be_visible()
    expect(story).to_have_count(2)
    expect(page.get_by_text("Doorverwijzingen", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stMetricValue")).to_have_count(12)
    expect(page.get_by_text("Ken de keten")).to_be_visible()
    expect(page.get_by_role("button", name="Rapport voor het MT (PDF)")).to_be_visible()
    assert "Traceback" not in page.content()
    full_shot(page, "compare-nl.png")
    page.wait_for_function("document.querySelectorAll('img').length >= 4")
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_text("saw", exact=False).first).to_be_visible()
    expect(page.get_by_text("Hand-offs", exact=True)).to_be_visible()
    expect(page.get_by_text("Know the chain")).to_be_visible()
    full_shot(page, "compare-en.png")


def test_journey_page_replays_a_citizen(page, server):
    page.get_by_role("link", name="A citizen's journey").click()
    expect(page.get_by_text("Timeline per role")).to_be_visible()
    expect(page.get_by_text("arrives with the question").first).to_be_visible()
    expect(page.get_by_text("desks, told", exact=False)).to_be_visible()
    page.wait_for_function("document.querySelectorAll('img').length >= 1")
    assert "Traceback" not in page.content()
    full_shot(page, "journey-en.png")


def test_what_if_and_scenario_pages_render(page, server):
    page.get_by_role("link", name="What if …").click()
    expect(page.get_by_text("Your variant", exact=False).first).to_be_visible()
    expect(page.get_by_text("Sweep one lever")).to_be_visible()
    full_shot(page, "whatif-en.png")
    page.get_by_role("link", name="Choose scenario").click()
    expect(page.get_by_text("Active scenario", exact=False).first).to_be_visible()
    expect(page.get_by_text("Citizen profiles")).to_be_visible()
    assert "Traceback" not in page.content()
    full_shot(page, "scenario-en.png")


def test_scenario_text_never_fetches_what_it_names(page, server, tmp_path):
    """A case story with a markdown image once made every viewer's browser fetch its URL."""
    import yaml
    data = yaml.safe_load((ROOT / "scenarios" / "bijstand.yaml").read_text())
    bait = "![x](https://example.invalid/{}.png) :red[boo] $5"
    data["name"] = {"nl": "Lokaas " + bait.format("name"), "en": "Bait " + bait.format("name")}
    data["roles"][0]["name"] = "KCC " + bait.format("role")
    data["profiles"][0]["name"] = "Responsible " + bait.format("profile")
    for case in data["cases"]:
        case["title"] = {"nl": case["title"]["nl"] + " " + bait.format("title"),
                         "en": case["title"]["en"] + " " + bait.format("title")}
        case["story"] = {"nl": bait.format("story"), "en": bait.format("story")}
    path = tmp_path / "bait.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.get_by_role("link", name="Choose scenario").click()
    page.locator("input[type=file]").set_input_files(str(path))
    expect(page.get_by_text("Bait ![x]", exact=False).first).to_be_visible()
    for link, wait_for in (("A citizen's journey", "Timeline per role"), ("What if …", "Your variant"),
                           ("Chaos vs integral", "Know the chain")):
        page.get_by_role("link", name=link).click()
        expect(page.get_by_text(wait_for, exact=False).first).to_be_visible()
        page.wait_for_timeout(1000)
    full_shot(page, "bait-compare-en.png")
    page.get_by_role("link", name="A citizen's journey").click()
    expect(page.get_by_text("![x](https://example.invalid/story.png)", exact=False).first).to_be_visible()
    assert not [url for url in requested if "example.invalid" in url], requested
    assert page.locator("img[src*='example.invalid']").count() == 0


def test_a_refresh_keeps_the_uploaded_scenario_the_language_and_the_levers(page, server, tmp_path, uploads):
    """The manager's issue: a refresh lost the upload, the language and the levers; and right
    after an upload the sidebar still named the old scenario."""
    import yaml
    data = yaml.safe_load((ROOT / "scenarios" / "bijstand.yaml").read_text())
    data["name"] = {"nl": "Onze gemeente", "en": "Our municipality"}
    path = tmp_path / "ours.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    page.goto(f"{server}/scenario?lang=en")
    expect(page.get_by_text("Citizen profiles")).to_be_visible()
    page.locator("input[type=file]").set_input_files(str(path))
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Active scenario: Our municipality")).to_be_visible()     # at once
    expect(page).to_have_url(re.compile(r"upload=[0-9a-f]{64}"))
    page.get_by_role("link", name="What if …").click()
    expect(page.get_by_text("Your variant", exact=False).first).to_be_visible()
    page.get_by_role("combobox", name="Shared case file").click()
    page.keyboard.type("full")
    page.get_by_role("option", name="full").click()
    expect(page).to_have_url(re.compile(r"sf=full"))
    page.reload()
    expect(page.get_by_text("Your variant", exact=False).first).to_be_visible()
    expect(sidebar.get_by_text("Active scenario: Our municipality")).to_be_visible()
    expect(page.get_by_role("radio", name="English")).to_be_checked()
    expect(page.get_by_role("combobox", name="Shared case file")).to_have_value("full")
    assert "Traceback" not in page.content()
    digest = re.search(r"upload=([0-9a-f]{64})", page.url).group(1)
    assert (uploads / f"{digest}.yaml").read_text() == path.read_text()


def test_the_sweep_speaks_in_percent_and_the_settings_in_words(page, server):
    page.goto(f"{server}/whatif?lang=nl")
    expect(page.get_by_text("Onder verkokerd zag", exact=False).first).to_be_visible()
    expect(page.get_by_role("button", name="Verschuif")).to_be_visible()
    page.get_by_role("combobox", name="Kengetal").click()      # far down the page: the click may only focus it,
    page.keyboard.type("Afgehaakt")                            # typing opens the menu and picks
    page.get_by_role("option", name="Afgehaakt").click()
    page.get_by_role("button", name="Verschuif").click()
    expect(page.get_by_text("Lijn = gemiddelde", exact=False)).to_be_visible()
    assert "Onder chaos" not in page.inner_text("body")
    full_shot(page, "whatif-sweep-nl.png")
    page.get_by_role("link", name="Scenario kiezen").click()
    expect(page.get_by_text("Werkwijzen", exact=True)).to_be_visible()
    full_shot(page, "scenario-nl.png")


def test_the_replay_opens_on_the_first_step_in_view(page, server):
    page.goto(f"{server}/journey?lang=en")
    now = page.get_by_text(re.compile(r"^Step 1 of \d+ — day 0\.0"))
    expect(now).to_be_in_viewport()
    page.get_by_role("button", name="Next step").click()
    expect(page.get_by_text(re.compile(r"^Step 2 of \d+"))).to_be_in_viewport()
    full_shot(page, "journey-step-en.png")
