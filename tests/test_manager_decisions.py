"""Issue 19, the manager's pages: cost assumptions shown with their defaults, editable and kept in
the address; the what-if variant's own business case and failure demand per profile; staff priced
by work and as staffed side by side; the tornado on comparable steps in the reader's words; Dutch
texts where Streamlit and the validator spoke English."""

from __future__ import annotations

import re

import matplotlib
import pytest

pytest.importorskip("streamlit")

from report import charts
from sim.experiments.business import staffed_difference, staffed_per_year, staffing_per_year
from sim.experiments.sensitivity import Step, steps
from sim.language import t
from sim.scenario.loader import ScenarioError, load_scenario, parse_scenario
from sim.scenario.presets import resolve_setting
from tests.conftest import SCENARIOS, open_app
from ui.manager import address


@pytest.fixture(autouse=True)
def uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("KASTJE_UPLOADS", str(tmp_path / "uploads"))


def table_with(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns).set_index("")


def number(text: str, lang: str) -> float:
    """The first figure of a cell such as '€ 1.234 [€ 1.000 – € 1.400]'."""
    first = re.search(r"-?[\d.,]+", text.replace("−", "-")).group()
    return float(first.replace(".", "").replace(",", ".") if lang == "nl" else first.replace(",", ""))


# 1. cost assumptions: shown with their defaults, editable, kept in the address -------------

def test_cost_assumptions_show_their_defaults_are_editable_and_kept_in_the_address():
    at = open_app(None, "en", {"eur": "100", "wd": "abc"})
    hourly = at.sidebar.number_input(key="cost_hourly_cost_eur")
    assert hourly.value == 100 and "default € 80: from the scenario" in hourly.help
    assert at.sidebar.number_input(key="cost_working_days_per_year").value == 220      # "abc" refused …
    assert any('"Working days a year" to "abc"' in w.value for w in at.warning)       # … and said so
    assert at.query_params["eur"] == "100" and "wd" not in at.query_params
    said = next(c.value for c in at.caption if c.value.startswith("Assumptions:"))
    assert "€ 100 (changed by you; default € 80: from the scenario)" in said
    assert "citizens a year 1,760 (default inflow per day × working days a year = 1,760)" in said
    # the case-manager role as staffed at the hourly cost the manager set: 8 h × 220 days × 100 EUR
    assert any("3 × € 176,000 a year" in c.value for c in at.caption)
    assert any(c.value.startswith("**Cost (staff and channels)** counts the work") for c in at.caption)
    assert "Cost, case-manager role as staffed" in table_with(at, "Difference (paired)").index
    fte = number(table_with(at, "Difference (paired)").loc["FTE needed for this work", "siloed"], "en")
    at.sidebar.number_input(key="cost_fte_hours").set_value(1000).run()
    assert not at.exception and at.query_params["fteh"] == "1000"
    shown = table_with(at, "Difference (paired)").loc["FTE needed for this work", "siloed"]
    assert number(shown, "en") == pytest.approx(fte * 1300 / 1000, abs=0.1)
    again = open_app(None, "en", dict(at.query_params))             # the shared link
    assert again.sidebar.number_input(key="cost_fte_hours").value == 1000
    assert table_with(again, "Difference (paired)").loc["FTE needed for this work", "siloed"] == shown


def test_a_cost_assumption_says_where_its_default_comes_from_and_bad_values_are_refused(bijstand):
    from ui.manager.costs import default_of
    schuldhulp = load_scenario(SCENARIOS / "schuldhulp.yaml")       # no costs section
    assert "de standaard van kastje" in default_of(schuldhulp, "hourly_cost_eur", "nl")
    assert "uit het scenario" in default_of(bijstand, "hourly_cost_eur", "nl")
    assert "1.760" in default_of(bijstand, "yearly_inflow", "nl")           # 8 a day × 220 days
    edits, refused = address.costs_from_url({"eur": "-5", "fteh": "0", "yr": "1e9", "wd": "200"})
    assert edits == {"working_days_per_year": 200.0}
    assert {name for name, _ in refused} == {"hourly_cost_eur", "fte_hours", "yearly_inflow"}
    assert address.priced(bijstand, edits).yearly_inflow == 8 * 200          # the inflow follows the days
    assert address.priced(bijstand, {"hourly_cost_eur": None}) is bijstand
    assert address.costs_to_url({"hourly_cost_eur": 80.0, "fte_hours": 1000.0}, bijstand) == \
        {"eur": None, "fteh": "1000", "wd": None, "yr": None}


# 2. the what-if variant's business case, failure demand per profile, the tornado's words ----

def test_the_what_if_page_makes_the_business_case_of_the_variant_against_its_start():
    at = open_app("ui/manager/whatif.py", "nl")
    at.selectbox(key="wi_coordination_chaos__nl").set_value("case_manager").run()
    at.number_input(key="wi_staff_wijkteam").set_value(5).run()
    assert not at.exception, [e.value for e in at.exception]
    table = table_with(at, "Verschil (gepaard)")
    assert {"verkokerd", "Uw variant"} <= set(table.columns)
    assert "waarvan faalvraag" in table.index and "Fte nodig voor dit werk" in table.index
    staffed = number(table.loc["Kosten, regisseursrol als bemand", "Verschil (gepaard)"], "nl")
    by_work = number(table.loc["waarvan rol casusregisseur (wijkteam)", "Verschil (gepaard)"], "nl")
    other = number(table.loc["Kosten (medewerkers en kanalen)", "Verschil (gepaard)"], "nl") - by_work
    # two more case managers cost a year of hours each (8 h × 220 days × 80 EUR), busy or waiting
    assert staffed == pytest.approx(other + 2 * 140_800, abs=2)
    who = next(d.value for d in at.dataframe if "Profiel" in d.value.columns)
    column = "Faalvraag (aandeel contacten) · Uw variant"
    assert column in who.columns and not (who[column] == "–").any()
    intro = next(c.value for c in at.caption if c.value.startswith("Elke knop een kwart"))
    assert "rond uw variant (vanaf **verkokerd**)" in intro and "vertrekpunt" not in intro.split("(")[0]
    assert at.multiselect(key="wi_digital_first_chaos").proto.select_all == 0       # no English "Select all"


def test_staff_is_priced_by_work_and_as_staffed_as_the_break_even_view_does(bijstand):
    from sim.experiments.app_runs import run_many_for_app
    integral = resolve_setting(bijstand, "integral")
    more = bijstand.model_copy(update={"roles": [r.model_copy(update={"staff": 5}) if r.case_manager else r
                                                 for r in bijstand.roles]})
    base, other = run_many_for_app([(bijstand, resolve_setting(bijstand, "chaos")), (more, integral)], 40, 3, 2)
    year = staffed_per_year(base, bijstand)
    work = [(r["cost_eur"] - r["case_manager_cost_eur"]) * 1760 + 3 * 140_800 for r in base.per_replication]
    assert year["mean"] == pytest.approx(sum(work) / 3)
    diff = staffed_difference(base, other, bijstand, more)
    paired = [((o["cost_eur"] - o["case_manager_cost_eur"]) - (b["cost_eur"] - b["case_manager_cost_eur"])) * 1760
              for b, o in zip(base.per_replication, other.per_replication)]
    assert diff["mean"] == pytest.approx(sum(paired) / 3 + staffing_per_year(bijstand, "wijkteam", 2))
    assert diff["ci95"][1] - diff["ci95"][0] > 0


def test_the_tornado_says_comparable_steps_in_the_readers_words_and_greys_what_is_unclear(bijstand):
    matplotlib.use("Agg")
    chaos = resolve_setting(bijstand, "chaos")
    found = steps(bijstand, chaos)
    chances = [s for s in found if s.name in ("routing_knowledge", "discretion", "proactive")]
    assert chances and all(abs(abs(s.after - s.before) - 0.25) < 1e-9 for s in chances)
    label = charts._step_label({"step": Step("routing_knowledge", 0.3, 0.55)}, "nl")
    assert label == "Ketenkennis: 30% → 55%" and t("l_routing_knowledge", "nl").startswith("Ketenkennis")
    flip = charts._step_label({"step": next(s for s in found if s.name == "coordination")}, "nl")
    assert flip == "Regie: geen → casusregisseur · effect × ¼" and "case_manager" not in flip
    staff = next(s for s in found if s.name == "staff.kcc" and s.after > s.before)
    said = charts._step_label({"step": staff, "staffing_eur_per_year": 140_800.0}, "nl", bijstand)
    assert said.startswith("Bezetting Klantcontactcentrum: 2 → 3") and "€ 140.800" in said and "× ½" in said
    online = charts._step_label({"step": Step("digital_first", (), ("income", "status"))}, "nl", bijstand)
    assert "income" not in online and "status" not in online.split(":", 1)[1]      # needs by their Dutch names
    clear = {m: {"mean": -0.1, "ci95": [-0.15, -0.05]} for m in ("gave_up_rate",)}
    unclear = {m: {"mean": -0.2, "ci95": [-0.5, 0.1]} for m in ("gave_up_rate",)}
    fig = charts.tornado([{"step": Step("handoff", "cold", "warm", 1.0), **clear},
                          {"step": Step("intake", "narrow", "broad", 1.0), **unclear}], "gave_up_rate", "nl")
    colours = [matplotlib.colors.to_hex(bar.get_facecolor()) for bar in fig.axes[0].patches]
    assert colours == ["#229954", charts.GREY]          # sorted by size: the clear one first, the larger grey
    assert all(not re.search(r"\d\.\d", tick.get_text()) for tick in fig.axes[0].get_xticklabels())


# 3. the validator's allowed values with "of" in Dutch ---------------------------------------

def test_a_wrong_lever_value_lists_the_allowed_ones_in_the_readers_language():
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8").replace("shared_file: none", "shared_file: nope", 1)
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "x.yaml")
    nl, en = err.value.problems[0].render("nl"), err.value.problems[0].render("en")
    assert "'none', 'consent' of 'full'" in nl and " or " not in nl
    assert "'none', 'consent' or 'full'" in en
