"""Event kinds declared once: every kind is told in every language and drawn on the swimlane, the
journey of every citizen renders under every shipped preset, and nothing counts a hand-off but
the one rule (sim.events.kinds.handoff)."""

from __future__ import annotations

import itertools
import re
import typing
from collections import Counter

import matplotlib.pyplot as plt
import pytest

from report import charts
from report.journey import citizen_line, describe, desk_line, steps
from sim.cli.main import main as kastje
from sim.events.kinds import BLOCKS, KINDS, REASONS, TELLING, Arrived, Left, handoff
from sim.experiments.app_runs import run_for_app
from sim.language import language, languages
from sim.scenario.loader import load_scenario
from sim.scenario.presets import presets
from tests.conftest import SCENARIOS
from workshop.screens import plain

SHIPPED = sorted(SCENARIOS.glob("*.yaml"))


def samples(cls, sc) -> list:
    """Events of this kind covering its variants: every combination of its yes/no fields, every
    reason it can give, a hand-off to itself (the case manager keeping a need)."""
    hints = typing.get_type_hints(cls)
    role, other, need = sc.roles[0].id, sc.roles[1].id, sc.needs[0].id
    choices: dict[str, list] = {}
    for name, tp in hints.items():
        base = next((a for a in typing.get_args(tp) if a is not type(None)), tp)
        if base is bool:
            choices[name] = [True, False]
        elif name == "reason":
            choices[name] = list(REASONS if cls.activity == "deferred" else BLOCKS)
        elif name == "bring":
            choices[name] = [None, sc.needs[-1].id, "a payslip"]
        else:
            choices[name] = [{"citizen": 3, "time": 4 * 480.0, "role": role, "target": other, "need": need,
                              "case": sc.cases[0].id, "profile": sc.profiles[0].id, "note": "a good story",
                              "failure": "", "channel": "desk"}.get(name, 2 if base is int else 30.0 if base is float
                                                                 else "x")]
    if "target" in hints:
        choices["target"] = [other, role]
    return [cls(**dict(zip(choices, combo))) for combo in itertools.product(*choices.values())]


@pytest.mark.parametrize("activity", sorted(KINDS))
def test_every_kind_is_told_in_every_language(activity, bijstand):
    telling = TELLING[activity]
    for event in samples(KINDS[activity], bijstand):
        fields = {**event._asdict(), "outcome": "gave_up"}
        for key in filter(None, (telling.journey(fields) if telling.journey else None,
                                 telling.desk(fields) if telling.desk else None,
                                 telling.citizen(fields) if telling.citizen else None)):
            for code in languages():          # each language has the text itself, not by falling back
                assert key in language(code).texts, (activity, key, code)
        for code in languages():
            lines = []
            if telling.journey:
                lines += [describe(event, bijstand, code, 2, "gave_up"), describe(event, bijstand, code, 1, "")]
            record = plain(event)                # as a player's page gets it: no verdicts
            lines += [desk_line(record, bijstand, code, own=True), desk_line(record, bijstand, code, own=False),
                      citizen_line(record, bijstand, code)]
            for line in filter(None, lines):
                assert "{" not in line and "}" not in line and line.strip(), (activity, code, line)


def test_a_kind_says_where_it_is_told_and_only_run_and_load_are_no_step_of_a_journey():
    silent = {activity for activity, telling in TELLING.items() if telling.journey is None}
    assert silent == {"run", "load"}                  # they describe a replication, not a citizen
    for activity, telling in TELLING.items():
        assert telling.mark is None or telling.mark in charts.MARKS, activity


def _artists(ax) -> int:
    return len(ax.lines) + len(ax.patches) + len(ax.texts)


@pytest.mark.parametrize("activity", sorted(a for a, telling in TELLING.items() if telling.mark))
def test_the_swimlane_draws_every_kind_that_has_a_mark(activity, bijstand):
    for event in samples(KINDS[activity], bijstand):
        h = handoff(event)
        if TELLING[activity].mark == "handoff" and h is None:
            continue                                  # a case manager keeping a need moves nothing
        fig, ax = plt.subplots()
        before = _artists(ax)
        charts._draw_event(ax, event, {event.role: 0, getattr(event, "target", event.role): 1}, 480.0, 1.0, 0.0)
        assert _artists(ax) > before, event
        plt.close(fig)
        arrived = Arrived(event.citizen, 0.0, bijstand.cases[0].id, bijstand.profiles[0].id, bijstand.needs[0].id)
        for code in languages():
            fig = charts.swimlane([arrived, event, Left(event.citizen, event.time + 1)], bijstand, code)
            legend = {text.get_text() for text in fig.axes[0].get_legend().get_texts()}
            marker_text = language(code).texts[charts.MARKS[TELLING[activity].mark][2]]
            assert marker_text in legend, (activity, code, legend)
            plt.close(fig)


@pytest.fixture(scope="module")
def every_preset_run():
    """A small run of every shipped scenario under every preset it has."""
    runs = {}
    for path in SHIPPED:
        sc = load_scenario(path)
        for name, setting in presets(sc).items():
            runs[path.stem, name] = (sc, run_for_app(sc, setting, 30, 1, seed=2, workers=1, warmup_days=10))
    return runs


def test_the_journey_of_every_citizen_renders_under_every_shipped_preset(every_preset_run):
    kinds: Counter = Counter()
    for (file, name), (sc, run) in every_preset_run.items():
        rows = [r for r in run.citizen_rows if r["replication"] == 0]
        assert len(rows) == 30, (file, name)
        drawn = set()
        for row in rows:
            events = run.journey(row["citizen"])
            kinds.update(e.activity for e in events)
            for code in languages():
                told = steps(events, sc, code, row["outcome"])
                assert len(told) == len(events) and all(what and "{" not in what for _, _, what in told)
                for e in events:
                    desk_line(plain(e), sc, code, own=False)
                    citizen_line(plain(e), sc, code)
            new = {e.activity for e in events} - drawn
            if new:                                   # a swimlane for each citizen who brings a kind not drawn yet
                plt.close(charts.swimlane(events, sc, "nl"))
                drawn |= new
    # the runs hold the kinds that once crashed the journey page (issue 18), and the others
    assert {"self_service", "callback", "referred", "transferred", "assigned"} <= set(kinds)


def test_kastje_journey_tells_every_citizen_as_the_page_does(capsys, bijstand):
    code = kastje(["journey", str(SCENARIOS / "bijstand.yaml"), "--setting", "differentiated", "--citizens", "12",
                   "--warmup-days", "10", "--lang", "nl"])
    out = capsys.readouterr().out
    assert code == 0 and out.count("Burger ") == 12
    page = run_for_app(bijstand, presets(bijstand)["differentiated"], 12, 3, seed=1, workers=1, warmup_days=10)
    row = next(r for r in page.citizen_rows if r["replication"] == 0 and r["citizen"] == 7)
    lines = [f"{when} · {who}: {what}" for when, who, what in steps(page.journey(7), bijstand, "nl", row["outcome"])]
    assert all(line in out for line in lines)        # the page's first replication, step for step
    assert kastje(["journey", str(SCENARIOS / "bijstand.yaml"), "--citizens", "5", "--citizen", "9"]) == 2
    assert "citizens 1 to 5" in capsys.readouterr().err
    assert kastje(["journey", str(SCENARIOS / "bijstand.yaml"), "--citizens", "5", "--case", "nope"]) == 2
    assert "cases: " in capsys.readouterr().err


def test_nothing_counts_a_hand_off_but_the_one_rule(every_preset_run):
    """The fold's hand-offs and wrong referrals, the network's edges and the swimlane's arrows are
    one count: per citizen for the swimlane, per run for the network."""
    for (file, name), (sc, run) in every_preset_run.items():
        rows = [r for r in run.citizen_rows if r["replication"] == 0]
        assert sum(run.edges.values()) == sum(r["handoffs"] for r in rows), (file, name)
        assert sum(n for (_, _, wrong), n in run.edges.items() if wrong) == sum(r["wrong_referrals"] for r in rows)
        if name not in ("chaos", "integral"):
            continue
        for row in rows[:8]:
            fig = charts.swimlane(run.journey(row["citizen"]), sc, "en")
            arrows = [a for a in fig.axes[0].texts if getattr(a, "arrow_patch", None) is not None]
            dashed = [a for a in arrows if a.arrow_patch.get_linestyle() == "--"]
            assert (len(arrows), len(dashed)) == (row["handoffs"], row["wrong_referrals"]), (file, name, row["citizen"])
            plt.close(fig)


def test_only_the_events_and_the_engine_name_the_hand_off_kinds():
    """A hand-off is counted through sim.events.kinds.handoff: no other module looks for referrals,
    transfers or assignments by name (the engine writes them; the fold reads a referral's decision)."""
    from tests.conftest import ROOT
    allowed = {"sim/events/kinds.py", "agents/desk.py", "sim/counting/fold.py"}
    by_name = re.compile(r"\b(Referred|Transferred|Assigned)\b|activity\s*(==|in)[^\n]*\"(referred|transferred|assigned)\"")
    found = {str(p.relative_to(ROOT)) for package in ("sim", "agents", "workshop", "report", "ui")
             for p in (ROOT / package).rglob("*.py") if by_name.search(p.read_text(encoding="utf-8"))}
    assert found <= allowed, found - allowed
