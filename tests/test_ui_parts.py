"""The app's non-Streamlit parts: translations, numbers, variants, exports, charts, report."""

from __future__ import annotations

import csv
import io

import pytest
import yaml

from report import charts, export
from report.compare_pdf import pdf_report
from report.format import metric_value
from report.journey import journey_lines
from sim.counting.metrics import METRICS
from sim.counting.network import handoff_graph
from sim.experiments.app_runs import run_for_app
from sim.language import num
from sim.scenario.editor import with_preset
from sim.scenario.loader import parse_scenario
from sim.scenario.presets import resolve_setting
from sim.scenario.variant import Variant, sweep_settings
from tests.conftest import SCENARIOS, build, scenario_dict


@pytest.fixture(scope="module")
def runs(bijstand):
    return {name: run_for_app(bijstand, resolve_setting(bijstand, name), 80, 3, seed=5)
            for name in ("chaos", "integral")}


def test_numbers_follow_the_language():
    assert num(1234.5, "nl") == "1.234,5" and num(1234.5, "en") == "1,234.5"
    assert metric_value("gave_up_rate", 0.254, "nl") == "25%"
    assert num(float("nan"), "en") == "–"


def test_untouched_variant_is_the_same_scenario_and_mix_is_rescaled(bijstand):
    assert Variant({}).scenario(bijstand) == bijstand
    mix = {p.id: 1.0 for p in bijstand.profiles}
    changed = Variant({}, {"kcc": 9}, mix, 12.0).scenario(bijstand)
    assert abs(sum(p.share for p in changed.profiles) - 1) < 1e-9
    assert {round(p.share, 6) for p in changed.profiles} == {0.25}
    assert changed.roles[0].staff == 9 and changed.arrivals.per_day == 12.0


def test_saved_preset_is_a_valid_scenario_with_the_variant(bijstand):
    text = (SCENARIOS / "bijstand.yaml").read_text()
    base = resolve_setting(bijstand, "chaos")
    variant = Variant({"handoff": "warm", "discretion": 0.4}, {"kcc": 5}, {"pragmatici": 0.5}, 9.0)
    out = with_preset(text, "bijstand.yaml", "ours", variant, base, bijstand)
    sc = parse_scenario(out, "saved.yaml")
    assert sc.settings["ours"].handoff == "warm" and sc.settings["ours"].discretion == 0.4
    assert sc.settings["ours"].routing_knowledge == base.routing_knowledge
    assert next(r for r in sc.roles if r.id == "kcc").staff == 5 and sc.arrivals.per_day == 9.0
    assert yaml.safe_load(out)["name"]["nl"] == bijstand.name.get("nl")
    with pytest.raises(ValueError):
        with_preset(text, "bijstand.yaml", "Bad Name", variant, base, bijstand)


def test_sweep_settings_change_only_the_swept_lever(bijstand):
    base = resolve_setting(bijstand, "chaos")
    points = sweep_settings(Variant({"handoff": "warm"}), base, "routing_knowledge", bijstand)
    assert [v for v, _ in points] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert all(s.handoff == "warm" and s.routing_knowledge == v for v, s in points)


def test_exports_hold_what_they_say(runs):
    rows = list(csv.DictReader(io.StringIO(export.metrics_csv(runs).decode())))
    assert len(rows) == 2 * len(METRICS)
    chaos_handoffs = next(r for r in rows if r["setting"] == "chaos" and r["metric"] == "handoffs")
    assert float(chaos_handoffs["mean"]) == pytest.approx(runs["chaos"].metrics["handoffs"]["mean"])
    events = list(csv.DictReader(io.StringIO(export.events_csv(runs, 480).decode())))
    assert {e["label"] for e in events} == {"chaos", "integral"}
    assert sum(e["activity"] == "arrived" for e in events) == 2 * 80


def test_network_counts_hand_offs_per_replication():
    """Every citizen walks into the contact centre, which knows the way: one right hand-off
    each to the desk that helps, so the edge carries exactly the citizens of a replication."""
    data = scenario_dict()
    data["roles"][0]["entry"] = False                              # a resolves q, not an entry desk
    data["profiles"][0]["persistence"] = None
    data["horizon_days"] = 20
    sc = build(data)
    setting = resolve_setting(sc, "chaos", ["routing_knowledge=1"])
    run = run_for_app(sc, setting, 30, 3, seed=2)
    graph = handoff_graph(run.edges, run.replications)
    assert {(a, b): d for a, b, d in graph.edges(data=True)} == {("b", "a"): {"handoffs": 30.0, "wrong": 0.0}}
    lost = run_for_app(sc, resolve_setting(sc, "chaos", ["routing_knowledge=0", "handoff=warm"]), 30, 3, seed=2)
    graph = handoff_graph(lost.edges, lost.replications)
    assert set(graph.edges) == {("b", "c"), ("c", "b")}            # b and c only know each other ...
    assert all(d["wrong"] == d["handoffs"] > 0 for _, _, d in graph.edges(data=True))   # ... and are always wrong


def test_journey_of_a_typical_citizen_reads_as_sentences(runs, bijstand):
    run = runs["chaos"]
    cid = run.typical_citizen("divorce")
    events = run.journey(cid)
    assert events[0].activity == "arrived" and events[-1].activity == "left"
    lines = journey_lines(events, bijstand, "en", "gave_up")
    assert lines[0].startswith("arrives with the question")
    assert lines[-1] == "end: gave up"
    assert all("{" not in line for line in lines)
    tellings = [line for e, line in zip(events, lines) if e.activity == "told"]
    assert tellings[-1] == f"tells the story (time {len(tellings)})"


def test_charts_and_report_are_real_images(runs, bijstand):
    for fig in (charts.funnel(runs, "nl"), charts.distributions(runs, "en"),
                charts.network(runs["chaos"], bijstand, "nl", "chaos"),
                charts.swimlane(runs["chaos"].journey(runs["chaos"].typical_citizen("divorce")), bijstand, "en", 5)):
        data = charts.png(fig)
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    pdf = pdf_report(runs, bijstand, "nl", ["Onder **chaos** …"])
    assert pdf[:5] == b"%PDF-" and len(pdf) > 20_000


def test_names_with_dollars_are_text_in_every_chart_and_the_report(bijstand):
    """'KCC (kosten $5 of $\\weird$)' once crashed the compare page: matplotlib read it as a formula."""
    weird = "KCC (kosten $5 of $\\weird$)"
    roles = [r.model_copy(update={"name": r.name.model_copy(update={"nl": weird, "en": weird})}) if r.id == "kcc" else r
             for r in bijstand.roles]
    sc = bijstand.model_copy(update={"roles": roles})
    runs = {name: run_for_app(sc, resolve_setting(sc, name), 40, 2, seed=1) for name in ("chaos", "integral")}
    for fig in (charts.network(runs["chaos"], sc, "nl", "chaos"),
                charts.swimlane(runs["chaos"].journey(runs["chaos"].typical_citizen("simple_question")), sc, "en")):
        assert charts.png(fig)[:4] == b"\x89PNG"
    assert pdf_report(runs, sc, "nl", ["x"])[:5] == b"%PDF-"


def test_scenario_text_is_shown_as_text_not_markup():
    from ui.common.markup import plain
    shown = plain("![x](https://example.invalid/x.png) :red[boo] $5 **bold** <b>")
    import re
    assert not re.search(r"(?<!\\)[!\[\]()$*<>]", shown)            # no markup character left unescaped
    assert ":red[" not in shown and ":\u200b" in shown
    # what a reader sees once markdown has removed the escapes: the text as typed
    assert shown.replace("\\", "").replace("\u200b", "") == "![x](https://example.invalid/x.png) :red[boo] $5 **bold** <b>"
