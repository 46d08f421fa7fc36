"""Every workshop page fits its screen (issue 20, point 1), in a real browser: a player's phone
shows the story and the buttons of the open decision without scrolling, the facilitator's laptop
the round's controls and every table's counters, and the projector everything, with none of
Streamlit's chrome.

One `streamlit run app.py` and one Chromium for the module; the sessions are made through the
service on the server's own store before any page opens them. Screenshots go to
results/screenshots/fit-*.png (for docs/workshop.md).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import test_browser_workshop as workshop_browser
from tests.conftest import SCENARIOS
from tests.test_browser import SHOTS, streamlit_app

PACE = 32.0          # model minutes a second: a working day in 15 s, so citizens reach the desks at once

# What may scroll: an element whose overflow lets it (Streamlit scrolls in [data-testid=stMain], not
# the document), and the document itself. Elements with `overflow: visible` report a scrollHeight a
# few pixels over their height where Streamlit's markdown uses negative margins; they scroll nothing.
SCROLLING = """() => [...document.querySelectorAll('*')].filter(e => {
    const style = getComputedStyle(e);
    const can = e === document.scrollingElement || ['auto', 'scroll'].includes(style.overflowY)
                || ['auto', 'scroll'].includes(style.overflowX);
    return can && (e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1);
}).map(e => `${e.dataset.testid || e.tagName}: ${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}`)"""
CHROME = ("[data-testid=stSidebar]", "[data-testid=stSidebarCollapsedControl]", "[data-testid=stHeader]",
          "[data-testid=stToolbar]", "[data-testid=stMainMenu]", "[data-testid=stSidebarNav]",
          "[data-testid=stPageLink]", "[data-testid=stDecoration]", "footer")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("fit") / "workshop.sqlite"
    with streamlit_app(KASTJE_DB=str(db)) as url:
        yield url, db


browser = workshop_browser.browser          # the same Chromium fixture (this module gets its own)


@pytest.fixture(scope="module")
def room(server):
    """A round being played at two tables, a desk player at table A's KCC and a citizen player
    who picks their own first desk; and a second session whose first round has not started."""
    from workshop.service import Service
    from workshop.store import Store
    _, db = server
    service = Service(Store(db))
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    code, key = service.create(text, "bijstand.yaml", {"A": "chaos", "B": "integral"}, citizens=6, seed=1,
                               timer_minutes=600 * PACE, tick_minutes=10, round_days=20, pace=PACE)
    desk = service.join(code, "Dewi")
    service.take_seat(code, desk, "A", "kcc")
    table = service.open(code).tables["A"]
    cases = {c.id: c for c in table.round.scenario.cases}
    number = next(c["citizen"] for c in table.deck if not cases[c["case"]].entry_role)
    citizen = service.join(code, "Chris")
    service.take_citizen(code, citizen, "A", number)
    service.start(code, key)
    waiting = service.create(text, "bijstand.yaml", {"A": "chaos", "B": "integral"}, citizens=6)
    return {"code": code, "key": key, "desk": desk, "citizen": citizen, "waiting": waiting}


def opened(browser, url: str, viewport: dict):
    page = browser.new_page(viewport=viewport)
    page.set_default_timeout(90_000)
    page.goto(url)
    return page


def inside(page, locator, settle: float = 6.0) -> None:
    """The element's box lies within the viewport as the page opened (nothing scrolled). A live
    page redraws itself every 2 s, and mid-redraw the layout can stand a moment longer than it
    settles: measured again for up to ``settle`` seconds before it counts as not fitting."""
    expect(locator).to_be_visible()
    size = page.viewport_size
    for _ in range(int(settle / 0.5) + 1):
        box = locator.bounding_box()
        assert box is not None
        fits = (box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= size["width"] + 0.5
                and box["y"] + box["height"] <= size["height"] + 0.5)
        if fits:
            return
        page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"fit-failed-{size['width']}x{size['height']}.png"))   # for the failure's reader
    assert fits, (locator.inner_text()[:80], box, size, page.url)


def shoot(page, name: str) -> None:
    page.wait_for_timeout(600)
    page.screenshot(path=str(SHOTS / f"fit-{name}.png"))


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 360, "height": 740}],
                         ids=["390x844", "360x740"])
def test_a_phone_shows_the_story_and_the_actions_without_scrolling(server, browser, room, viewport):
    url, _ = server
    size = f"{viewport['width']}x{viewport['height']}"
    desk = opened(browser, f"{url}/play?code={room['code']}&player={room['desk']}&lang=nl", viewport)
    card = desk.locator("[class*='st-key-card_']").first
    expect(card).to_be_visible()
    inside(desk, desk.get_by_role("heading", name="Klantcontactcentrum (KCC)"))
    inside(desk, card.get_by_text("Wat de burger jou vertelde", exact=False))          # the citizen's story
    actions = card.locator("[data-testid=stFormSubmitButton] button")
    primary = card.locator("[data-testid=stFormSubmitButton] [data-testid=stBaseButton-primaryFormSubmit]")
    inside(desk, primary.first if primary.count() else actions.first)                 # the card's first action
    assert desk.get_by_test_id("stSidebarNav").count() == 0 and desk.get_by_test_id("stPageLink").count() == 0
    shoot(desk, f"phone-desk-{size}")
    desk.close()

    citizen = opened(browser, f"{url}/play?code={room['code']}&player={room['citizen']}&lang=nl", viewport)
    question = citizen.locator("[class*='st-key-question_']").first
    expect(question).to_be_visible()
    inside(citizen, question.get_by_role("button").first)                             # their choice
    card = citizen.get_by_test_id("stVerticalBlock").filter(has_text="Je casuskaart").last
    inside(citizen, card.get_by_text("Je casuskaart"))
    inside(citizen, card.get_by_test_id("stMarkdown").nth(1))                          # the case's story
    shoot(citizen, f"phone-citizen-{size}")
    citizen.close()


def test_the_facilitator_sees_the_controls_and_every_tables_counters_on_a_laptop(server, browser, room):
    url, _ = server
    laptop = {"width": 1366, "height": 768}
    page = opened(browser, f"{url}/facilitate?code={room['code']}&key={room['key']}&lang=nl", laptop)
    expect(page.get_by_text("Code om mee te doen")).to_be_visible()
    for name in ("Pauze", "Ronde beëindigen"):
        inside(page, page.get_by_role("button", name=name))
    for table in ("A", "B"):
        head = page.get_by_role("heading", name=f"Tafel {table} · ", exact=False)
        inside(page, head)
        column = page.get_by_test_id("stColumn").filter(has=head)
        expect(column.get_by_test_id("stMetric")).to_have_count(6)
        for metric in column.get_by_test_id("stMetric").all():
            inside(page, metric)
    shoot(page, "facilitator-1366x768")
    page.goto(f"{url}/facilitate?code={room['waiting'][0]}&key={room['waiting'][1]}&lang=nl")
    inside(page, page.get_by_role("button", name="Start ronde 1"))
    page.close()


@pytest.mark.parametrize("viewport", [{"width": 1920, "height": 1080}, {"width": 1280, "height": 720}],
                         ids=["1920x1080", "1280x720"])
def test_the_projector_fits_its_screen_without_scrolling_or_chrome(server, browser, room, viewport):
    url, _ = server
    page = opened(browser, f"{url}/projector?code={room['code']}&lang=nl", viewport)
    expect(page.get_by_test_id("stMetric")).to_have_count(12)
    expect(page.get_by_test_id("stImage").first).to_be_visible()           # the QR code and the networks
    page.wait_for_timeout(2500)                                            # a redraw or two of the board
    assert page.evaluate(SCROLLING) == []
    for selector in CHROME:
        shown = page.locator(selector).evaluate_all("els => els.filter(e => e.checkVisibility()).length")
        assert shown == 0, f"{selector} is visible on the projector"
    for element in page.get_by_test_id("stMetric").all() + page.get_by_test_id("stImage").all():
        inside(page, element)
    inside(page, page.get_by_text(room["code"], exact=True))
    code_px = page.locator(".kastje-big").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    value_px = page.get_by_test_id("stMetricValue").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert code_px >= 0.09 * viewport["height"] and value_px >= 0.05 * viewport["height"], (code_px, value_px)
    shoot(page, f"projector-{viewport['width']}x{viewport['height']}")
    page.close()
