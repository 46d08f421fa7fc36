"""A live session in a real browser (issue 9): `streamlit run app.py`, three browser contexts
in Debian's Chromium — the facilitator, a desk player on a phone and a citizen player — play a
citizen through two desks of a round and read the debrief.

Screenshots go to results/screenshots/workshop-*.png. Like tests/test_browser.py this runs or
fails in CI (KASTJE_REQUIRE_BROWSER=1) and is skipped on a machine without a browser.
"""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.test_browser import CHROMIUM, SHOTS, streamlit_app, sync_playwright

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1400, "height": 1000}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("live") / "workshop.sqlite"
    log = db.with_name("server.log")
    with streamlit_app(log, KASTJE_DB=str(db)) as url:
        yield url, db, log


@pytest.fixture(scope="module")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        expect.set_options(timeout=120_000)
        yield chromium
        chromium.close()


REQUESTS: list[str] = []        # every address any page of the session asked for (issue 20: none outside)


def context(browser, viewport: dict):
    ctx = browser.new_context(viewport=viewport, accept_downloads=True)
    ctx.set_default_timeout(120_000)
    ctx.on("request", lambda request: REQUESTS.append(request.url))
    ctx.on("page", lambda page: page.on("websocket", lambda ws: REQUESTS.append(ws.url)))
    return ctx.new_page()


def outside(server_url: str, addresses: list[str]) -> list[str]:
    """The addresses on another host than the server's (data: and blob: stay in the page)."""
    own = urlsplit(server_url).netloc
    return sorted({a for a in addresses if urlsplit(a).scheme not in ("data", "blob", "about")
                   and urlsplit(a).netloc != own})


def favicons(page) -> list[str]:
    """The page's icon links: Chromium fetches a favicon without telling Playwright's request event."""
    return page.evaluate("[...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")


def shot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its own container, so grow the viewport to it."""
    size = page.viewport_size
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 100, 6000))})
    page.wait_for_timeout(1200)
    page.screenshot(path=str(SHOTS / f"workshop-{name}.png"), full_page=True)
    page.set_viewport_size(size)


def fill_number(page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Tab")


def join(page, url: str, code: str, name: str) -> None:
    page.goto(f"{url}/play?code={code}&lang=nl")
    page.get_by_label("Je naam (de begeleider ziet hem)").fill(name)
    page.get_by_role("button", name="Meedoen").click()
    expect(page.get_by_text("Kies je plek")).to_be_visible()


def serve_until(desk, number: int) -> None:
    """The desk player sends on whoever else sits at the desk until our citizen does (everyone
    walks in at the KCC first, and the player's seat holds each citizen until the player decides)."""
    deadline = time.monotonic() + 150
    ours = desk.get_by_text(f"Burger {number} zit aan je balie")
    while not ours.count():
        assert time.monotonic() < deadline, "our citizen never reached the desk"
        others = (desk.locator("[class*='st-key-card_']").filter(has_text="zit aan je balie")
                  .filter(has_not_text=f"Burger {number} zit aan je balie").get_by_role("button", name="Doorverwijzen"))
        if others.count():
            others.first.click()
        desk.wait_for_timeout(1500)


def walk_in(db, code: str) -> int:
    """A citizen of table A who picks their own first desk (no fixed entry desk), earliest first:
    read off the deck in the session's own store (the deck is known before the round)."""
    from workshop.service import Service
    from workshop.store import Store
    service = Service(Store(db))
    table = service.open(code).tables["A"]
    cases = {c.id: c for c in table.round.scenario.cases}
    return next(c["citizen"] for c in table.deck if not cases[c["case"]].entry_role)


def test_a_round_with_a_facilitator_a_desk_player_and_a_citizen_player(server, browser):
    url, db, log = server
    boss = context(browser, LAPTOP)
    boss.goto(f"{url}/facilitate?lang=nl")
    expect(boss.get_by_text("Nieuwe sessie")).to_be_visible()
    deck = boss.get_by_label("Burgers per tafel (het spel)", exact=True)
    deck.fill("6")
    deck.press("Enter")                                      # Enter in a field must not create the session
    boss.wait_for_timeout(1500)
    assert "code=" not in boss.url and boss.get_by_role("button", name="Sessie maken").is_visible()
    fill_number(boss, "Lengte van een ronde (werkdagen)", "20")
    boss.get_by_label("Een werkdag duurt (minuten in de zaal)").click()
    boss.get_by_role("option", name="0,25", exact=True).click()
    fill_number(boss, "Tijd per besluit (seconden) voordat de computer het neemt", "120")
    boss.get_by_role("button", name="Sessie maken").click()
    expect(boss.get_by_text("Code om mee te doen")).to_be_visible()
    query = parse_qs(urlsplit(boss.url).query)
    code, key = query["code"][0], query["key"][0]
    expect(boss.get_by_text(code).first).to_be_visible()

    desk = context(browser, PHONE)                           # a desk player on a phone
    join(desk, url, code, "Dewi")
    desk.get_by_role("button", name="Neem deze plek").click()
    expect(desk.get_by_role("heading", name="Klantcontactcentrum (KCC)")).to_be_visible()

    number = walk_in(db, code)
    citizen = context(browser, LAPTOP)                       # a citizen player on a laptop
    join(citizen, url, code, "Chris")
    citizen.get_by_text("een burger", exact=True).click()
    citizen.get_by_label("Burger uit het spel").click()
    citizen.get_by_role("option", name=re.compile(rf"^Burger {number} — ")).click()
    citizen.get_by_role("button", name="Speel deze burger").click()
    expect(citizen.get_by_text(f"Burger {number} · ", exact=False).first).to_be_visible()
    expect(citizen.get_by_text("Je casuskaart")).to_be_visible()

    expect(boss.get_by_text("Spelers: 2 (2 verbonden)")).to_be_visible()
    shot(boss, "console-before")
    boss.get_by_role("button", name="Start ronde 1").click()

    # the citizen chooses the KCC, which the phone player plays
    citizen.get_by_role("button", name="Klantcontactcentrum (KCC)").click(timeout=120_000)
    card = desk.locator("[class*='st-key-card_']").filter(has_text=f"Burger {number} zit aan je balie")
    serve_until(desk, number)
    expect(card).to_be_visible()
    bring = card.get_by_label("Wat moet de burger meenemen? (kort, mag leeg)")
    bring.click()
    bring.press_sequentially("bankafschr")                   # half typed, not sent ...
    desk.wait_for_timeout(5000)                              # ... while the page refreshes itself twice
    expect(bring).to_have_value("bankafschr")
    shot(desk, "desk-phone")
    card.get_by_role("button", name="Doorverwijzen").click()     # cold to the first other desk (W&I intake)
    expect(desk.get_by_text(f"Burger {number} zit aan je balie")).to_have_count(0)

    # a refresh of the player mid-round keeps the seat
    desk.reload()
    expect(desk.get_by_role("heading", name="Klantcontactcentrum (KCC)")).to_be_visible()
    expect(desk.get_by_role("button", name="Meedoen")).to_have_count(0)

    # the citizen was sent on: they go on, and tell their story at the second desk
    citizen.get_by_role("button", name="Ik ga door").click(timeout=120_000)
    expect(citizen.get_by_text("Klantcontactcentrum (KCC) stuurde je naar", exact=False)).to_be_visible()
    told = citizen.get_by_test_id("stMetric").filter(has_text="Keren je verhaal verteld")
    expect(told.get_by_test_id("stMetricValue")).to_have_text("2", timeout=150_000)
    expect(citizen.get_by_text("Je vertelde je verhaal aan Werk & Inkomen", exact=False)).to_be_visible()
    shot(citizen, "citizen")

    projector = boss.context.new_page()
    projector.goto(f"{url}/projector?code={code}&lang=nl")
    expect(projector.get_by_text("Burgers binnen").first).to_be_visible()
    expect(projector.get_by_alt_text("Tafel A: de ronde in de tijd")).to_be_visible()   # live, during play
    shot(projector, "projector")
    icons = favicons(projector)
    projector.close()

    shot(boss, "console-playing")
    boss.get_by_role("button", name="Ronde beëindigen").click()           # asks first ...
    started = time.monotonic()
    boss.get_by_role("button", name="Ja, beëindig de ronde").click()      # ... then ends it
    expect(boss.get_by_text("beëindigd door de begeleider").first).to_be_visible()
    print(f"end of round shown {time.monotonic() - started:.1f} s after the click")
    boss.get_by_text("Na afloop").click()
    boss.get_by_role("link", name="Naar de nabespreking").click()
    expect(boss.get_by_text("Jullie ronde naast de simulatie").first).to_be_visible(timeout=180_000)
    expect(boss.get_by_text("Ken de keten", exact=False).first).to_be_visible()
    expect(boss.get_by_test_id("stMarkdown").filter(has_text="(simulatie").first).to_be_visible()
    expect(boss.get_by_alt_text("Tafel A: de ronde in de tijd")).to_be_visible()        # frozen in the debrief
    with boss.expect_download() as download:
        boss.get_by_role("button", name="Hand-out (PDF)").click()
    pdf = SHOTS / "workshop-handout.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Traceback" not in boss.content() + desk.content() + citizen.content()
    shot(boss, "debrief")
    assert key not in desk.url and key not in citizen.url          # the key never left the console
    icons += favicons(boss) + favicons(desk) + favicons(citizen)
    assert len(REQUESTS) > 50 and icons                             # the recording heard the session
    print(f"{len(REQUESTS)} requests of the session, hosts: {sorted({urlsplit(a).netloc for a in REQUESTS})}")
    assert outside(url, REQUESTS + icons) == [], "a page asked a host other than the server"
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text and "Error" not in text, text[-3000:]     # the server's own log stayed clean
