"""Accessibility (issue 20, point 7), in a real browser: every page passes axe-core's WCAG 2.1 AA
rules (tags wcag2a, wcag2aa, wcag21a, wcag21aa) without a "serious" or "critical" violation, on a
phone (390x844) and on a desktop (1920x1080); and a player joins, takes a desk, answers a
decision and a citizen makes their choice with the keyboard alone.

One `streamlit run app.py` and one Chromium for the module. Each page is loaded once and checked
at both sizes (the viewport changes, the page stays). Where Streamlit's own markup failed a rule,
the app works around it (ui/common/style.py, app.py's page links, images' alt text).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytest.importorskip("axe_playwright_python")
from axe_playwright_python.sync_playwright import Axe

from tests import test_browser_fit as fit
from tests.conftest import SCENARIOS

server, browser, room, opened, PACE = fit.server, fit.browser, fit.room, fit.opened, fit.PACE   # fixtures: this module's own
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1920, "height": 1080}
AXE = Axe()
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def more(server, room):
    """Sessions besides the room, made before any page opens one: a round that is over (for the
    debrief), a player who joined but has no seat yet, and a played round nobody sits in yet (for
    the keyboard)."""
    from workshop.service import Service
    from workshop.store import Store
    service = Service(Store(server[1]))
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    over, over_key = service.create(text, "bijstand.yaml", {"A": "chaos"}, citizens=4, round_days=1, pace=PACE)
    service.start(over, over_key)
    service.end_all(over, over_key, "end")
    lobby = service.join(room["code"], "Sam")
    keys, keys_key = service.create(text, "bijstand.yaml", {"A": "chaos"}, citizens=8, seed=2,   # a day in 30 s
                                    timer_minutes=600 * 16, tick_minutes=10, round_days=20, pace=16)
    service.start(keys, keys_key)
    return {"debrief": f"/debrief?code={over}&key={over_key}", "lobby": lobby, "keys": keys}


def serious(page, name: str) -> list[str]:
    results = AXE.run(page, options=OPTIONS).response["violations"]
    return [f"{name}: {v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes'][:3]]}"
            for v in results if v["impact"] in ("serious", "critical")]


def both_sizes(page, name: str) -> list[str]:
    """The page as it is, then at the other size (phone and desktop both checked)."""
    found = serious(page, f"{name} {page.viewport_size['width']}")
    page.set_viewport_size(DESKTOP if page.viewport_size == PHONE else PHONE)
    page.wait_for_timeout(800)
    return found + serious(page, f"{name} {page.viewport_size['width']}")


def focus(page, test: str, presses: int = 80) -> None:
    """Tab until the focused element passes ``test`` (a JS predicate on document.activeElement)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"(e => {test})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {test}")


def answers(db, code: str, player: str) -> list[dict]:
    from workshop.store import Store
    return [r.payload for r in Store(db).inputs(code) if r.kind == "answer" and r.payload.get("player") == player]


def stored_soon(db, code: str, player: str, seconds: float = 30.0) -> list[dict]:
    """The player's stored answers once there is one (the click reaches the store a moment after
    the page shows it), or none after ``seconds``."""
    import time
    deadline = time.monotonic() + seconds
    while not (found := answers(db, code, player)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def test_a_player_joins_takes_a_desk_and_decides_with_the_keyboard_alone(server, browser, room, more):
    url, db = server
    page = opened(browser, f"{url}/play?code={more['keys']}&lang=nl", PHONE)
    expect(page.get_by_role("button", name="Meedoen")).to_be_visible()
    focus(page, "e.getAttribute('aria-label') === 'Je naam (de begeleider ziet hem)'")
    page.keyboard.type("Kim")
    page.keyboard.press("Enter")                                   # the join form submits on Enter
    expect(page.get_by_text("Kies je plek")).to_be_visible()
    focus(page, "e.tagName === 'BUTTON' && e.innerText.trim() === 'Neem deze plek'")
    page.keyboard.press("Space")
    expect(page.get_by_role("heading", name="Klantcontactcentrum (KCC)")).to_be_visible()
    card = page.locator("[class*='st-key-card_']").first
    expect(card).to_be_visible(timeout=120_000)
    player = dict(part.split("=") for part in page.url.split("?")[1].split("&"))["player"]
    focus(page, "e.tagName === 'BUTTON' && e.innerText.trim() === 'Doorverwijzen' && !!e.closest(\"[class*='st-key-card_']\")")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Je antwoord is verstuurd", exact=False)).to_be_visible()   # the click's rerun
    assert [a["action"]["kind"] for a in stored_soon(db, more["keys"], player)] == ["refer"]
    page.close()

    citizen = opened(browser, f"{url}/play?code={room['code']}&player={room['citizen']}&lang=nl", PHONE)
    expect(citizen.locator("[class*='st-key-question_']").first).to_be_visible(timeout=120_000)
    focus(citizen, "e.tagName === 'BUTTON' && !!e.closest(\"[class*='st-key-question_']\")")
    chosen = citizen.evaluate("document.activeElement.innerText.trim()")
    citizen.keyboard.press("Space")
    expect(citizen.get_by_role("button", name=chosen, exact=True)).to_have_count(0)      # the question is answered
    stored = stored_soon(db, room["code"], room["citizen"])
    assert len(stored) == 1 and "answer" in stored[0], stored
    citizen.close()


def test_the_workshop_pages_pass_axe_on_a_phone_and_a_desktop(server, browser, room, more):
    url, _ = server
    code = room["code"]
    pages = [      # address, size first checked, what shows that the page is drawn
        ("/play?lang=nl", PHONE, "Meedoen"),
        (f"/play?code={code}&player={more['lobby']}&lang=nl", PHONE, "Kies je plek"),
        (f"/play?code={code}&player={room['desk']}&lang=nl", PHONE, "zit aan je balie"),
        (f"/play?code={code}&player={room['citizen']}&lang=nl", PHONE, "Je casuskaart"),
        ("/facilitate?lang=nl", DESKTOP, "Nieuwe sessie"),
        (f"/facilitate?code={code}&key={room['key']}&lang=nl", DESKTOP, "Burgers binnen"),
        (f"/projector?code={code}&lang=nl", DESKTOP, "Burgers binnen"),
        (more["debrief"] + "&lang=nl", DESKTOP, "Jullie ronde naast de simulatie"),
    ]
    found = []
    for address, size, ready in pages:
        page = opened(browser, url + address, size)
        expect(page.get_by_text(ready, exact=False).first).to_be_visible(timeout=120_000)
        page.wait_for_timeout(1000)
        found += both_sizes(page, address.split("?")[0] + ("" if "player" not in address else " seated"))
        page.close()
    assert found == [], "\n".join(found)


def test_the_managers_pages_pass_axe_on_a_phone_and_a_desktop(server, browser):
    url, _ = server
    page = opened(browser, f"{url}/compare?lang=en", DESKTOP)
    found = []
    for path, ready in (("compare", "Know the chain"), ("whatif", "Sweep one lever"),
                        ("journey", "Timeline per role"), ("scenario", "Citizen profiles")):
        if path != "compare":
            page.set_viewport_size(DESKTOP)
            page.goto(f"{url}/{path}?lang=en")         # the runs are cached by the server, not the session
        expect(page.get_by_text(ready, exact=False).first).to_be_visible(timeout=180_000)
        page.wait_for_timeout(1500)
        found += both_sizes(page, path)
    page.close()
    assert found == [], "\n".join(found)
