"""Every page of the app, driven through Streamlit's AppTest: change a widget, check the result."""

from __future__ import annotations

import re

import pytest
import yaml

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SCENARIOS, open_app
from tests.conftest import SMALL_APP as SMALL


@pytest.fixture(autouse=True)
def uploads(tmp_path, monkeypatch):
    """Uploads are kept by their hash for a refresh: here in a folder of the test's own."""
    monkeypatch.setenv("KASTJE_UPLOADS", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


def app(page: str | None = None, lang: str = "nl") -> AppTest:
    return open_app(page, lang)


def shipped(at: AppTest):
    """The shipped-scenario picker (keyed by the active scenario)."""
    return next(s for s in at.selectbox if str(s.key).startswith("sc_shipped_"))


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def to_float(text: str, lang: str) -> float:
    text = text.replace("%", "")
    text = text.replace(".", "").replace(",", ".") if lang == "nl" else text.replace(",", "")
    return float(text)


def test_compare_page_tells_the_story_in_dutch_with_decimal_commas():
    at = app()
    stories = [m.value for m in at.markdown if m.value.startswith("Onder **")]
    assert len(stories) == 2 and "**verkokerd**" in stories[0] and "**integraal**" in stories[1]
    assert re.search(r"\*\*\d+,\d\*\* loketten", stories[0])
    chaos = to_float(metric(at, "Doorverwijzingen · verkokerd"), "nl")
    integral = to_float(metric(at, "Doorverwijzingen · integraal"), "nl")
    assert chaos > integral
    assert any("Ken de keten" in m.value for m in at.markdown)
    verdict = at.info[0].value
    assert verdict.startswith("**integraal** tegenover **verkokerd**") and "afhakers per 100" in verdict
    labels = {b.label for b in at.get("download_button")}
    assert {"Kengetallen (CSV)", "Gebeurtenissenlog (CSV)", "Rapport voor het MT (PDF)"} <= labels


def test_compare_page_switches_language_and_settings():
    at = app()
    at.sidebar.radio[0].set_value("en").run()
    assert any(m.value.startswith("Under **siloed**") for m in at.markdown)
    assert "Hand-offs · siloed" in [m.label for m in at.metric]
    picker = at.selectbox(key="cmp_a__en")
    assert picker.value == "chaos" and picker.options[picker.index].startswith("siloed — Siloed work")
    at.selectbox(key="cmp_b__en").set_value("shared_file").run()
    assert not at.exception
    # the file follows: only a wrong or incomplete file (file_error) makes a citizen tell again
    assert to_float(metric(at, "Retellings · shared file"), "en") < 0.5
    assert to_float(metric(at, "Retellings · siloed"), "en") > 1.0
    assert any("Share information" in m.value and re.search(r"→ 0\.\d", m.value) for m in at.markdown)


def test_what_if_levers_move_the_variant():
    at = app("ui/manager/whatif.py")
    base = to_float(metric(at, "Opnieuw verteld · verkokerd"), "nl")
    at.selectbox(key="wi_shared_file_chaos__nl").set_value("full").run()
    at.slider(key="wi_routing_knowledge_chaos").set_value(100).run()
    assert not at.exception
    assert to_float(metric(at, "Opnieuw verteld · Uw variant"), "nl") < 0.5 < base   # a wrong file: told again
    stories = [m.value for m in at.markdown if m.value.startswith("Onder **Uw variant**")]
    assert stories


def test_what_if_sweep_and_saved_preset():
    at = app("ui/manager/whatif.py", lang="en")
    at.selectbox(key="wi_sweep_lever__en").set_value("routing_knowledge").run()
    at.button(key="wi_sweep_go").click().run()
    assert not at.exception
    assert any("95% CI" in c.value for c in at.caption)
    lever, points = at.session_state["wi_sweep_result"]
    handoffs = [m["handoffs"]["mean"] for _, m in points]
    assert lever == "routing_knowledge" and handoffs[0] > handoffs[-1]
    at.text_input(key="wi_preset_name").set_value("Bad Name!").run()
    assert any("lower-case" in w.value for w in at.warning)
    at.text_input(key="wi_preset_name").set_value("ours").run()
    assert "Download scenario with this preset (YAML)" in [b.label for b in at.get("download_button")]


def test_journey_page_replays_step_by_step():
    at = app("ui/manager/journey.py", lang="en")
    at.selectbox(key="jr_case__en").set_value("divorce").run()
    summary = next(m.value for m in at.markdown if m.value.startswith("Citizen "))
    assert "Divorce" in summary or "divorc" in summary.lower()
    slider = next(s for s in at.slider if s.key.startswith("jr_") and s.key.endswith("_step"))
    total = slider.max
    slider.set_value(total).run()
    steps = next(m.value for m in at.markdown if m.value.startswith("1. day"))
    assert steps.count("\n") + 1 == total
    slider = next(s for s in at.slider if s.key.startswith("jr_") and s.key.endswith("_step"))
    slider.set_value(2).run()
    steps = next(m.value for m in at.markdown if m.value.startswith("1. day"))
    assert steps.count("\n") + 1 == 2 < total
    assert "arrives with the question" in steps
    at.radio(key="jr_mode__en").set_value("number").run()
    assert not at.exception and at.selectbox(key="jr_citizen").value is not None


def test_scenario_page_rejects_a_bad_upload_and_keeps_working():
    at = app("ui/manager/scenario.py", lang="en")
    bad = (SCENARIOS / "bijstand.yaml").read_text().replace("    staff: 2 ", "    staf: 2 ", 1)
    at.file_uploader(key="sc_upload").upload("bad.yaml", bad.encode()).run()
    assert not at.exception
    assert "stays active" in at.error[0].value
    problems = at.code[0].value
    assert "did you mean 'staff'" in problems and "bad.yaml:" in problems
    assert "Social assistance" in at.info[0].value


def test_scenario_page_loads_another_scenario_for_every_page():
    at = app("ui/manager/scenario.py", lang="en")
    shipped(at).set_value("schuldhulp.yaml").run()
    assert "Debt help" in at.info[0].value
    data = yaml.safe_load((SCENARIOS / "schuldhulp.yaml").read_text())
    data["name"] = {"nl": "Eigen", "en": "Our own"}
    at.file_uploader(key="sc_upload").upload("own.yaml", yaml.safe_dump(data).encode()).run()
    assert any("Our own" in s.value for s in at.success)
    at.switch_page("ui/manager/compare.py").run()
    assert not at.exception and any(m.value.startswith("Under **siloed**") for m in at.markdown)


def test_untouched_what_if_variant_equals_its_starting_point():
    at = app("ui/manager/whatif.py")
    for name in ("Doorverwijzingen", "Afgehaakt"):
        values = [m.value for m in at.metric if m.label.startswith(name + " · ")]
        assert len(values) == 2 and values[0] == values[1]
    assert not any(m.delta for m in at.metric)


def test_scenario_page_explains_a_bad_upload_in_dutch():
    at = app("ui/manager/scenario.py")
    at.file_uploader(key="sc_upload").upload("kapot.yaml", b"name: x\nroles: [\n").run()
    assert not at.exception
    assert "blijft actief" in at.error[0].value
    assert "wordt niet gesloten" in at.code[0].value          # the '[' that opens on line 2
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    at.file_uploader(key="sc_upload").upload("utf16.yaml", text.encode("utf-16")).run()
    assert not at.exception and "utf16.yaml:1" in at.code[0].value and "UTF-16" in at.code[0].value


def busy_bijstand() -> str:
    """bijstand with one case manager taking two hours a contact: the manager's desk cannot keep up."""
    data = yaml.safe_load((SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8"))
    for role in data["roles"]:
        if role.get("case_manager"):
            role.update(staff=1, service_minutes={"dist": "lognormal", "mean": 120, "sd": 20})
    return yaml.safe_dump(data, allow_unicode=True)


def test_an_overloaded_desk_is_said_in_plain_words_before_any_average():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    for key, value in {**SMALL, "lang": "en", "scenario_text": busy_bijstand(), "scenario_file": "busy.yaml"}.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    order = [type(node).__name__ + ":" + str(getattr(node, "value", ""))[:40] for node in at.main]
    warning = next(i for i, k in enumerate(order) if k.startswith("Error:**Overloaded under integral"))
    first_average = next(i for i, k in enumerate(order) if k.startswith(("Markdown:Under **", "Metric")))
    assert warning < first_average
    assert "more work than its staff can do" in at.error[-1].value
    for page in ("ui/manager/whatif.py", "ui/manager/journey.py"):
        at.switch_page(page).run()
        assert any("Overloaded under" in e.value for e in at.error), page
    # the default scenario overloads nothing: no warning there
    assert not app(lang="en").error


def test_fewer_than_five_replications_are_refused():
    """Issue 7: with 2 replications the app showed gave-up "-23% – 72%" and a red arrow for
    25% → 26%. The sidebar starts at 5, and a smaller number in the session is raised to 5."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    for key, value in {**SMALL, "replications": 2}.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception
    box = at.sidebar.number_input(key="replications")
    assert box.value == 5 and box.min == 5


def test_a_difference_is_called_better_or_worse_only_when_its_interval_excludes_zero():
    at = app(lang="en")
    deltas = {m.label: m.delta for m in at.metric if m.label.endswith("· integral")}
    assert deltas["Hand-offs · integral"].endswith("(better)")
    assert all(d.endswith(("(better)", "(worse)")) or d == "no clear difference" for d in deltas.values())
    from ui.common.widgets import _delta
    assert _delta({"mean": 0.01, "ci95": [-0.2, 0.22]}, "gave_up_rate", "en")["delta"] == "no clear difference"
    assert _delta({"mean": 0.5, "ci95": [0.1, 0.9]}, "handoffs", "nl")["delta"] == "+0,50 (slechter)"
    assert _delta({"mean": -0.25, "ci95": [-0.3, -0.2]}, "gave_up_rate", "en")["delta"] == "-25.0 points (better)"


def test_who_does_this_way_of_working_fail_per_profile_on_compare_and_what_if():
    """Issue 10: a manager moves the application online, gives structure seekers a contact person
    and sees, per profile, who is helped and who gives up."""
    at = app(lang="en")
    table = at.dataframe[0].value
    assert list(table["Profile"]) == ["Responsible", "Dutiful", "Pragmatists", "Structure seekers"]
    assert "Gave up · siloed" in table.columns and "Gave up · integral" in table.columns
    at = app("ui/manager/whatif.py", lang="en")
    at.multiselect(key="wi_digital_first_chaos").set_value(["income"]).run()
    at.selectbox(key="wi_channel_strategy_chaos__en").set_value("differentiated").run()
    assert not at.exception
    table = at.dataframe[0].value
    online = table.set_index("Profile")
    assert online.loc["Structure seekers", "Staff time (minutes) · Your variant"] != \
        online.loc["Structure seekers", "Staff time (minutes) · siloed"]
    variant = at.session_state["wi_digital_first_chaos"]
    assert variant == ["income"]
