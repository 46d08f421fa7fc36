"""The workshop's pages through Streamlit's AppTest (issue 9): join, a desk, a citizen, the
facilitator's console, the projector and the debrief — change a widget, check the result."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from agents.decision import Action
from tests.conftest import ROOT, SCENARIOS
from workshop.rehearsal import routine
from workshop.seat import Seat

BIJSTAND = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """The app's one workshop service, on a store of this module's own."""
    import os

    from ui.room import live as workshop_state
    old = os.environ.get("KASTJE_DB")
    os.environ["KASTJE_DB"] = str(tmp_path_factory.mktemp("ws") / "workshop.sqlite")
    workshop_state._workshop.clear()
    yield workshop_state.service()
    workshop_state._workshop.clear()
    if old is None:
        os.environ.pop("KASTJE_DB", None)
    else:
        os.environ["KASTJE_DB"] = old


def page(path: str, lang: str = "nl", **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["lang"] = lang
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, key: str) -> AppTest:
    next(b for b in at.button if b.key == key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def slow_session(service, **kw) -> tuple[str, str]:
    """A session whose pacer barely moves (a working day in an hour): the test moves time."""
    args = {"tables": {"A": "chaos", "B": "integral"}, "citizens": 12, "seed": 3, "timer_minutes": 600, "tick_minutes": 10,
                "round_days": 3, "pace": 480 / 3600}
    args.update(kw)
    return service.create(BIJSTAND, "bijstand.yaml", **args)


def until(service, code: str, ready, limit: int = 2000) -> None:
    for _ in range(limit):
        if ready():
            return
        service.tick(code)
    raise AssertionError("the round never got there")


def test_join_take_a_desk_and_come_back_after_a_refresh(service):
    code, _ = slow_session(service)
    at = page("ui/room/play.py", code=code.lower())           # typed in lower case from the projector
    at.text_input(key="join_name").set_value("Anna")
    next(b for b in at.button if b.label == "Meedoen").click().run()
    player = at.query_params["player"]
    assert at.query_params["code"] == code and player in service.open(code).players
    assert at.radio(key="seat_table").options == ["Tafel A · verkokerd", "Tafel B · integraal"]
    at.selectbox(key="seat_desk").set_value("wi_intake")
    click(at, "seat_go")
    assert service.me(code, player).seat == Seat.desk("wi_intake")
    assert any(m.value.startswith("### Werk & Inkomen") for m in at.markdown)
    assert "Je wacht tot de begeleider de ronde start" in at.info[0].value     # the one line: what now
    again = page("ui/room/play.py", code=code, player=player)          # a refresh: a new browser session
    assert any(m.value.startswith("### Werk & Inkomen") for m in again.markdown)
    assert not [b for b in again.button if b.key == "seat_go"]


def test_a_wrong_code_is_explained_in_the_players_language(service):
    at = page("ui/room/play.py", lang="en")
    at.text_input(key="join_code").set_value("ZZZZZZ")
    at.text_input(key="join_name").set_value("Bo")
    next(b for b in at.button if b.label == "Join").click().run()
    assert "No open session with code ZZZZZZ" in at.error[0].value
    nl = page("ui/room/play.py")
    nl.text_input(key="join_code").set_value("ZZZZZZ")
    nl.text_input(key="join_name").set_value("Bo")
    next(b for b in nl.button if b.label == "Meedoen").click().run()
    assert "Geen open sessie met code ZZZZZZ" in nl.error[0].value


def test_a_desk_player_sees_the_view_and_acts_through_the_service(service):
    code, fkey = slow_session(service)
    player = service.join(code, "Kees")
    service.take_seat(code, player, "A", "kcc")
    service.start(code, fkey)
    live = service.open(code).tables["A"]
    until(service, code, lambda: any(p.seat == Seat.desk("kcc") for p in live.seats.pending.values()))
    at = page("ui/room/play.py", code=code, player=player)
    screen = service.desk_screen(code, player)
    first = screen["decisions"][0]
    assert any(m.value.startswith(f"**Burger {first['citizen']}** zit aan je balie") for m in at.markdown)
    assert any("Geen dossier" in c.value for c in at.caption)          # chaos: the file does not follow
    offered = {b.key.split("_")[1] for b in at.button if b.key and b.key.endswith(f"_{first['decision']}")
               and b.key.startswith("act_")}
    assert offered == set(first["legal"])                              # exactly the round's legal actions
    assert "exception" not in offered or first["block"]
    target = "wi_intake"
    at.selectbox(key=f"tgt_{first['decision']}").set_value(target)
    click(at, f"act_refer_{first['decision']}")
    stored = [r for r in service.store.inputs(code) if r.kind == "answer"]
    assert stored[-1].payload["action"]["target"] == target and stored[-1].key == f"{player}:1:{first['decision']}"
    assert all(d["decision"] != first["decision"] for d in service.desk_screen(code, player)["decisions"])
    # a second click on the same decision (a double click, a stale page) stores nothing new
    service.act(code, player, first["decision"], None, key=f"{player}:1:{first['decision']}")
    assert len([r for r in service.store.inputs(code) if r.kind == "answer"]) == len(stored)


def test_a_click_hides_the_card_says_what_next_and_a_late_click_says_the_round_ended(service):
    """Issue 20, point 4: the line says what to do, the click's callback sends the answer before
    the rerun (no card, a "sent" line), a question that came back carries the round's rule, and
    an answer after the end is refused in plain words."""
    code, fkey = slow_session(service)
    kees, ina = service.join(code, "Kees"), service.join(code, "Ina")
    service.take_seat(code, kees, "A", "kcc")
    service.take_seat(code, ina, "B", "wi_intake")
    service.start(code, fkey)
    live = service.open(code)
    until(service, code, lambda: any(p.seat.role == "kcc" for p in live.tables["A"].seats.pending.values()))
    at = page("ui/room/play.py", code=code, player=kees)
    first = service.desk_screen(code, kees)["decisions"][0]
    assert at.info[0].value.startswith(f"Kies wat je doet met de vraag van burger {first['citizen']}")
    click(at, f"act_refer_{first['decision']}")
    assert not [b for b in at.button if b.key and b.key.endswith(f"_{first['decision']}")]      # the card is gone
    assert [r for r in service.store.inputs(code) if r.kind == "answer"][-1].key == f"{kees}:1:{first['decision']}"
    if not service.desk_screen(code, kees)["decisions"]:
        assert at.info[0].value.startswith("Je antwoord is verstuurd")
    # table B, integral: transfer what the desk could resolve; it comes back with the hint
    def came_back() -> bool:
        for d in service.desk_screen(code, ina)["decisions"]:
            if any(r["activity"] == "transferred" and r["need"] == d["need"] for r in d["records"]):
                return True
            action = Action("transfer") if "transfer" in d["legal"] else routine({"decision": d["decision"], **d})
            service.act(code, ina, d["decision"], action or Action("refer", target="kcc"))
        return False
    until(service, code, came_back)
    desk_b = page("ui/room/play.py", code=code, player=ina)
    assert any("in deze ronde houdt een balie wat ze zelf kan oplossen" in w.value for w in desk_b.warning)
    until(service, code, lambda: service.desk_screen(code, kees)["decisions"])
    at.run()
    late = service.desk_screen(code, kees)["decisions"][0]
    service.end_round(code, fkey, "A")
    click(at, next(b.key for b in at.button if b.key and b.key.startswith("act_") and b.key.endswith(f"_{late['decision']}")))
    assert "Je keuze telde niet meer: de ronde is al voorbij." in [e.value for e in at.error]
    assert at.success[0].value.startswith("Ronde 1 is voorbij")


def test_a_citizen_player_sees_their_card_and_chooses_a_desk(service):
    code, fkey = slow_session(service, citizens=10)
    lobby = service.lobby(code)["tables"]["A"]["citizens"]
    sc = service.scenario(code)
    walk_in = next(c for c in lobby if not next(k for k in sc.cases if k.id == c["case"]).entry_role)
    at = page("ui/room/play.py", lang="en", code=code)
    at.text_input(key="join_name").set_value("Cato")
    next(b for b in at.button if b.label == "Join").click().run()
    at.radio(key="seat_kind").set_value("citizen").run()
    at.selectbox(key="seat_citizen").set_value(walk_in["citizen"])
    click(at, "seat_go_citizen")
    player = at.query_params["player"]
    case = next(k for k in sc.cases if k.id == walk_in["case"])
    assert any(m.value.startswith(f"### Citizen {walk_in['citizen']} · ") for m in at.markdown)
    assert any(m.label == "Times you told your story" and m.value == "0" for m in at.metric)
    assert any("still at home" in m.value for m in at.markdown)
    service.start(code, fkey)
    live = service.open(code).tables["A"]
    until(service, code, lambda: any(p.seat == Seat.of_citizen(walk_in["citizen"]) for p in live.seats.pending.values()))
    at.run()
    question = next(m.value for m in at.markdown if m.value.startswith("**Where do you go"))
    assert case.presenting in service.citizen_screen(code, player)["questions"][0]["need"]
    assert question
    answers = [b for b in at.button if b.key and b.key.startswith("ans_")]
    assert {b.label for b in answers} == {r.name.get("en") for r in sc.roles
                                          if r.id in service.citizen_screen(code, player)["questions"][0]["options"]}
    chosen = next(r.id for r in sc.roles if r.name.get("en") == answers[0].label)
    answers[0].click().run()
    assert not at.exception
    answer = [r for r in service.store.inputs(code) if r.kind == "answer"][-1]
    assert answer.payload == {"answer": chosen, "decision": answer.payload["decision"], "player": player, "round": 1}
    until(service, code, lambda: service.citizen_screen(code, player)["tellings"] == 1)
    at.run()
    assert any(m.label == "Times you told your story" and m.value == "1" for m in at.metric)
    from ui.common.markup import plain
    desk = next(r.name.get("en") for r in sc.roles if r.id == chosen)
    assert any(plain(f"You told your story to {desk}") in m.value for m in at.markdown)


def test_the_console_creates_a_session_and_runs_the_room(service):
    at = page("ui/room/facilitate.py", lang="en")
    at.number_input(key="cr_citizens").set_value(6)
    at.number_input(key="cr_days").set_value(2)
    at.selectbox(key="cr_day_wall").set_value(60)             # slow: the test moves time itself
    at.selectbox(key="cr_set_1_1").set_value("chain_knowledge")
    next(b for b in at.button if b.label == "Create session").click().run()
    assert not at.exception
    code, fkey = at.query_params["code"], at.query_params["key"]
    config = service.store.session(code)[1]
    assert service.overview(code, fkey)["code"] == code               # the address holds the working key
    assert config["rounds"] == [{"A": "chaos", "B": "chaos"}, {"A": "integral", "B": "chain_knowledge"}]
    assert config["pace"] == pytest.approx(480 / 3600) and config["citizens"] == 6
    assert config["lang"] == "en"                    # the session's language, for `kastje workshop handout`
    assert any(f"/play?code={code}" in m.value for m in at.markdown)
    assert at.get("image")                                          # the QR code
    player = service.join(code, "Dirk")
    service.take_seat(code, player, "A", "kcc")
    service.seen(code, player)
    at.run()
    assert "Players: 1 (1 connected)" in [s.value for s in at.subheader]
    click(at, "fc_start")
    session = service.open(code)
    assert session.started and session.round == 1 and "kcc" in session.tables["A"].seats.people
    click(at, "fc_pause")
    assert session.paused
    tick = session.tables["A"].tick
    service.tick(code)
    assert session.tables["A"].tick == tick                          # paused: time stands still
    click(at, "fc_resume")
    assert not session.paused
    click(at, "sw_A_kcc")                                            # the computer takes over the KCC
    service.tick(code)
    assert "kcc" not in session.tables["A"].seats.people
    click(at, "sw_A_kcc")                                            # and gives it back
    service.tick(code)
    assert "kcc" in session.tables["A"].seats.people
    click(at, "fc_end")
    service.tick(code)
    assert all(t.over for t in session.tables.values())
    at.run()
    assert [b.label for b in at.button if b.key == "fc_start"] == ["Start round 2"]
    wrong = page("ui/room/facilitate.py", lang="en", code=code, key="guess")
    assert "facilitator key" in wrong.error[0].value and not wrong.get("image")


def test_the_projector_shows_the_code_and_counts_but_no_citizen(service):
    code, fkey = slow_session(service)
    player = service.join(code, "Eva")
    service.take_seat(code, player, "A", "kcc")
    service.start(code, fkey)
    until(service, code, lambda: service.open(code).tables["A"].model.measured >= 4)
    at = page("ui/room/projector.py", lang="en", code=code)
    assert any(code in h.body for h in at.get("html"))
    labels = {m.label: m.value for m in at.metric}
    assert labels["Citizens arrived"].startswith(tuple("456789")) and labels["Citizens arrived"].endswith("/ 12")
    sc = service.scenario(code)
    shown = " ".join(m.value for m in at.markdown)
    assert not any(c.story.get("en")[:30] in shown for c in sc.cases)        # no case story on the wall
    assert not any("Citizen " in m.value for m in at.markdown)


def test_the_debrief_sets_the_round_beside_the_band_and_hands_out_a_pdf(service):
    code, fkey = slow_session(service, citizens=10, round_days=2)
    player = service.join(code, "Fien")
    service.take_seat(code, player, "A", "kcc")
    service.start(code, fkey)
    until(service, code, lambda: all(t.over for t in service.open(code).tables.values()), limit=5000)
    at = page("ui/room/debrief.py", lang="en", code=code, key=fkey)
    assert any(m.value.startswith("**1. Know the chain** (table A)") for m in at.markdown)
    assert any("(simulation " in str(v) for v in at.dataframe[0].value.iloc[:, 1])
    assert any("Who should have known what" in m.value for m in at.markdown)
    labels = {b.label for b in at.get("download_button")}
    assert {"Handout (PDF)", "Every event of the round (CSV)"} <= labels
    assert any(s.key and s.key.endswith("_step") for s in at.slider)   # the worst journey, step by step
    from report import export
    from report.debrief import questions
    from report.handout import handout
    from workshop.debrief import debrief
    tables = service.played(code, fkey)[1]
    report = debrief(tables, 10, workers=1, names={"A": "chaos", "B": "integral"})
    pdf = handout(code, {1: report}, service.scenario(code), "nl", {}, {1: {"A": "chaos", "B": "integral"}})
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 5   # + two pages per round
    rows = export.round_csv(tables, 1, 480).decode().splitlines()
    assert len(rows) - 1 == sum(len(t.log.events) for t in tables.values())
    assert questions(report, service.scenario(code), "nl")[-1].startswith("Wat doe je morgen")
    assert "facilitator key" in page("ui/room/debrief.py", lang="en", code=code, key="nope").error[0].value


def test_a_players_name_is_shown_as_typed_never_as_markup(service):
    code, _ = slow_session(service)
    at = page("ui/room/play.py", lang="en", code=code)
    bait = "**Bo** ![x](https://example.invalid/a.png) :red[boo]"
    at.text_input(key="join_name").set_value(bait)
    next(b for b in at.button if b.label == "Join").click().run()
    shown = next(c.value for c in at.caption if c.value.startswith("You play as"))
    assert "![x](" not in shown and r"\!\[x\]" in shown and ":red[" not in shown


def test_a_round_in_turns_from_the_console_to_the_players_pass_and_the_next_step(service):
    at = page("ui/room/facilitate.py", lang="en")
    at.number_input(key="cr_citizens").set_value(6)
    at.selectbox(key="cr_day_wall").set_value(60)
    at.toggle(key="cr_turns").set_value(True)
    at.number_input(key="cr_turn_seconds").set_value(120)
    next(b for b in at.button if b.label == "Create session").click().run()
    code, fkey = at.query_params["code"], at.query_params["key"]
    assert service.store.session(code)[1]["turns"] is True and service.store.session(code)[1]["turn_seconds"] == 120
    player = service.join(code, "Dirk")
    service.take_seat(code, player, "A", "kcc")
    click(at, "fc_start")
    for _ in range(500):                         # a slow clock: the facilitator moves it on
        if service.pending(code, player):
            break
        service.next_tick(code, fkey)
    table = service.open(code).tables["A"]
    stood = table.tick
    at.run()
    assert any("the next step waits for: Contact centre \\(KCC\\)" in c.value for c in at.caption), [c.value for c in at.caption if "turns" in c.value]
    desk = page("ui/room/play.py", lang="en", code=code, player=player)
    assert [b.label for b in desk.button if b.key == "ws_pass_go"] == ["Done for this step"]
    click(desk, "ws_pass_go")
    passes = [r for r in service.store.inputs(code) if r.kind == "pass"]
    assert [(r.tick, r.payload["seat"]) for r in passes] == [(stood + 1, "kcc")]
    service.tick(code)                           # (the console's pacer may have been first)
    moved = [r.payload for r in service.store.inputs(code) if r.kind == "turn" and r.payload["ticks"].get("A") == stood + 1]
    assert table.tick >= stood + 1 and moved[0]["why"] == {"A": "ready"}
    at.run()
    click(at, "fc_next")                                            # the facilitator moves the clock
    assert [r.payload["why"] for r in service.store.inputs(code) if r.kind == "turn"][-1]["A"] == "facilitator"
    projector = page("ui/room/projector.py", lang="en", code=code)
    assert any("Played in turns" in m.value for m in projector.markdown)
    assert len(projector.get("imgs") or projector.get("image")) >= 2          # QR and the round over time


def test_the_console_opens_and_closes_seats_and_gives_a_player_a_closed_one(service):
    code, fkey = slow_session(service)
    anna = service.join(code, "Anna")
    at = page("ui/room/facilitate.py", lang="en", code=code, key=fkey)
    at.multiselect(key="fc_open_B").set_value(["kcc", "wi_intake"]).run()        # the case manager's seat closed
    assert not at.exception and service.open(code).open_seats["B"] == {"kcc", "wi_intake"}
    with pytest.raises(Exception, match="not open to take yourself"):
        service.take_seat(code, anna, "B", "wijkteam")
    at.selectbox(key="fc_mv_player").set_value(anna)
    at.selectbox(key="fc_mv_table").set_value("B").run()
    at.selectbox(key="fc_mv_seat").set_value("wijkteam")
    click(at, "fc_mv_go")
    assert service.me(code, anna).seat == Seat.desk("wijkteam")
    player = page("ui/room/play.py", lang="en", code=code, player=service.join(code, "Bo"))
    player.radio(key="seat_table").set_value("B").run()
    names = {r.id: r.name.get("en") for r in service.scenario(code).roles}
    assert player.selectbox(key="seat_desk").options == [names["kcc"], names["wi_intake"]]   # only the open ones
