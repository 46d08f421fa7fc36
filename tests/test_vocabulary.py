"""One vocabulary: every metric, lever, channel, workshop input and seat is declared once and read
everywhere — shown by declaring a new metric and a new event kind at run time and finding them
in every place that shows one (docs/architecture.md has the recipes)."""

from __future__ import annotations

import json
from collections import Counter
from typing import NamedTuple

import matplotlib.pyplot as plt
import pytest
import yaml

from report import charts
from report.format import metric_value
from report.journey import describe
from sim import language
from sim.cli.main import main as kastje
from sim.counting import metrics as metric_registry
from sim.counting.fold import Counting
from sim.counting.metrics import METRICS, Metric, ratio
from sim.counting.network import count
from sim.events import kinds
from sim.events.kinds import Arrived, Contact, Handoff, Left, Told, handoff
from sim.events.log import _event, row_of
from sim.experiments.app_runs import run_for_app
from sim.experiments.sensitivity import steps
from sim.scenario.channels import CHANNELS, STAFFED
from sim.scenario.levers import LEVERS
from sim.scenario.presets import resolve_setting
from sim.scenario.schema import Role, Route, Setting
from sim.scenario.variant import Variant
from tests.conftest import SCENARIOS
from ui.manager.address import from_url, to_url
from workshop import service as workshop_service
from workshop import table as workshop_table
from workshop.inputs import AT_TABLE, Kind
from workshop.seat import Seat


def every_language_has(key: str) -> bool:
    return all(key in language.language(code).texts for code in language.languages())


# --- metrics --------------------------------------------------------------------------------

def test_every_metric_is_declared_with_its_name_in_every_language():
    for key, metric in METRICS.items():
        assert metric.key == key and metric.unit in ("count", "share", "days", "minutes", "eur")
        assert every_language_has(metric.label), key
        assert metric.better in ("lower", "higher", None)
        assert metric.share == (metric.unit == "share")


@pytest.fixture
def extra_texts(tmp_path, monkeypatch):
    """Texts for what a test declares, in a locale folder of its own (added to every language)."""
    def add(**texts: str) -> None:
        for code in language.languages():
            (tmp_path / f"{code}.yaml").write_text(yaml.safe_dump({"texts": texts}, allow_unicode=True))
        monkeypatch.setenv(language.ENV, str(tmp_path))
    return add


def test_a_metric_declared_at_run_time_is_in_the_cli_json_the_statistics_and_the_charts(monkeypatch, capsys,
                                                                                        extra_texts, bijstand):
    """One declaration: a share of contacts at which the citizen told their story. Its interval is a
    Wilson interval (its declaration says it is a share), the CLI's table and JSON carry it, the app
    writes it in %, the charts draw it — and no other file was touched."""
    told = Metric("told_per_contact", "share", "lower", ratio("tellings", "contacts"),
                  "share of contacts at which the citizen told their story", of="contacts")
    monkeypatch.setitem(metric_registry.METRICS, told.key, told)
    extra_texts(m_told_per_contact="Told per contact")
    scenario = str(SCENARIOS / "bijstand.yaml")
    assert kastje(["run", scenario, "--citizens", "40", "--replications", "3", "--workers", "1", "--warmup-days",
                   "10", "--json"]) == 0
    figure = json.loads(capsys.readouterr().out)["metrics"]["told_per_contact"]
    assert 0.2 < figure["mean"] < 1 and 0 <= figure["ci95"][0] <= figure["mean"] <= figure["ci95"][1] <= 1
    assert kastje(["compare", scenario, "--citizens", "40", "--replications", "3", "--workers", "1",
                   "--warmup-days", "10"]) == 0
    table = capsys.readouterr().out
    assert table.count("told_per_contact") == 2         # the figures, and their paired difference
    assert metric_value("told_per_contact", 0.42, "nl") == "42%"
    run = run_for_app(bijstand, resolve_setting(bijstand, "chaos"), 30, 2, 1, workers=1, warmup_days=10)
    fig = charts.headline({"chaos": run}, ["told_per_contact"], "en")
    assert fig.axes[0].get_title() == "Told per contact (%)"
    plt.close(fig)


# --- event kinds ----------------------------------------------------------------------------

@pytest.fixture
def registered_kinds():
    """The event registries as they were, after the test: a kind declared in it is gone again."""
    saved = [(registry, dict(registry)) for registry in (kinds.KINDS, kinds.TELLING, kinds._HANDOFF)]
    yield
    for registry, before in saved:
        registry.clear()
        registry.update(before)


def test_an_event_kind_declared_at_run_time_is_logged_told_drawn_and_counted_by_the_one_rule(registered_kinds,
                                                                                            extra_texts, bijstand):
    """A hand-off kind of its own (a desk escalates a need to a colleague): declared once, it is
    counted by the fold and the network through the one hand-off rule, told in the journey, drawn
    on the swimlane as a hand-off, and written to and read from the CSV log."""
    extra_texts(e_escalated="escalates ‘{need}’ to {target}")

    @kinds._kind("escalated", mark="handoff", handoff=lambda e: Handoff(e.role, e.target, e.need, e.wrong, False))
    class Escalated(NamedTuple):
        citizen: int
        time: float
        role: str
        need: str
        target: str
        wrong: bool

    need, desk, other = bijstand.cases[0].presenting, bijstand.roles[0].id, bijstand.roles[1].id
    events = [Arrived(1, 0.0, bijstand.cases[0].id, bijstand.profiles[0].id, need), Told(1, 1.0, desk),
              Escalated(1, 2.0, desk, need, other, True), Contact(1, 10.0, desk, need, 9.0, 0.0, "", "desk"),
              Left(1, 20.0)]
    row, _ = Counting(bijstand).fold(events)
    assert (row.handoffs, row.wrong_referrals) == (1, 1)
    assert handoff(events[2]) == (desk, other, need, True, False)
    assert count(events, Counter()) == {(desk, other, True): 1}
    assert describe(events[2], bijstand, "en").startswith("escalates ‘")
    fig = charts.swimlane(events, bijstand, "en")
    assert [a for a in fig.axes[0].texts if getattr(a, "arrow_patch", None) is not None]
    plt.close(fig)
    replication, back = _event([str(x) for x in row_of(0, events[2], 480.0)], "test")
    assert (replication, back) == (0, events[2])


# --- levers ---------------------------------------------------------------------------------

def test_the_setting_is_built_from_the_levers_and_each_lever_is_turned_everywhere_from_its_declaration(bijstand):
    assert list(Setting.model_fields) == ["description", *LEVERS]
    base = resolve_setting(bijstand, "chaos")
    notched = {s.name for s in steps(bijstand, base, staff=False)}
    for key, lever in LEVERS.items():
        assert every_language_has(lever.label), key
        for value in lever.values:
            assert every_language_has("v_" + value), (key, value)
        if not lever.applies(bijstand):
            continue
        value = lever.sweep_values(bijstand)[-1] if lever.kind != "needs" else list(lever.choices(bijstand))[:1]
        typed = ",".join(value) if isinstance(value, list) else str(value)
        turned = resolve_setting(bijstand, "chaos", [f"{key}={typed}"])          # --set
        assert getattr(turned, key) == value
        variant = Variant({key: value})
        assert getattr(variant.setting(base), key) == value                      # the what-if page, a sweep
        params = {k: v for k, v in to_url(variant, base, bijstand).items() if v is not None}
        assert from_url(params, bijstand).levers == ({key: value} if value != getattr(base, key) else {})
        assert (key in notched) == (lever.kind != "needs"), key                   # sensitivity


# --- channels -------------------------------------------------------------------------------

def test_the_schema_takes_its_channels_from_the_declarations():
    assert set(Route.model_fields["channels"].annotation.__args__[0].__args__) == set(CHANNELS)
    assert set(Role.model_fields["channels"].annotation.__args__[0].__args__) == set(STAFFED)
    assert all(CHANNELS[key].staffed for key in STAFFED) and not all(c.staffed for c in CHANNELS.values())


# --- the workshop's inputs and seats ----------------------------------------------------------

def test_every_workshop_input_has_its_one_handler():
    assert set(workshop_service._APPLY) == set(Kind)
    assert set(workshop_table._APPLY) == AT_TABLE


def test_a_seat_is_written_and_read_back_as_the_same_seat():
    for seat in (Seat.desk("kcc"), Seat.of_citizen(7)):
        assert Seat.parse(str(seat)) == seat
    assert str(Seat.of_citizen(7)) == "citizen:7" and Seat.parse("") is None and Seat.parse("wmo").role == "wmo"
