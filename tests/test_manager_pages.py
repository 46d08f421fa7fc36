"""The manager's issue "tried as a new user would, on compare and what-if": a refresh keeps
scenario, language and levers; the sidebar follows an upload; the sweep speaks in %; a saved
preset keeps the trainer's file; setting names and lever values in the reader's language; no
'-0' and no labels on top of each other; the replay starts at the first step."""

from __future__ import annotations

import hashlib
import re

import matplotlib
import pytest
import yaml

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from report import charts
from sim.experiments.app_runs import run_for_app
from sim.scenario import editor
from sim.scenario import variant as variants
from sim.scenario.loader import parse_scenario
from sim.scenario.presets import resolve_setting
from tests.conftest import SCENARIOS, open_app, scenario_dict
from ui.manager import address

MINUS_ZERO = re.compile(r"(?<![\d.,])[-−]0(?![\d.,]*[1-9])")     # '-0', '-0,0', '-0%', not '-0,5'


@pytest.fixture(autouse=True)
def uploads(tmp_path, monkeypatch):
    monkeypatch.setenv("KASTJE_UPLOADS", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


def opened(params: dict | None = None, page: str | None = None, lang: str | None = None) -> AppTest:
    """A new session (a first visit or a refresh) of the address with ``params``."""
    return open_app(page, lang, params)


def active(at: AppTest) -> str:
    return next(c.value for c in at.sidebar.caption if c.value.startswith(("Actief scenario", "Active scenario")))


def own_scenario() -> bytes:
    data = yaml.safe_load((SCENARIOS / "schuldhulp.yaml").read_text(encoding="utf-8"))
    data["name"] = {"nl": "Ons eigen", "en": "Our own"}
    return yaml.safe_dump(data, allow_unicode=True).encode()


# 1. a refresh keeps scenario, language and levers ------------------------------------------

@pytest.mark.parametrize("page", ["ui/manager/compare.py", "ui/manager/whatif.py", "ui/manager/journey.py", "ui/manager/scenario.py"])
def test_the_language_in_the_address_holds_on_every_page(page):
    at = opened({"lang": "en"}, page if page != "ui/manager/compare.py" else None)
    assert at.sidebar.radio[0].value == "en"
    assert at.query_params["lang"] == "en"
    assert active(at).startswith("Active scenario")


def test_a_shipped_scenario_named_in_the_address_is_opened():
    at = opened({"scenario": "schuldhulp.yaml", "lang": "en"})
    assert "Debt help" in active(at)
    assert at.query_params["scenario"] == "schuldhulp.yaml"


def test_an_upload_survives_a_refresh_by_its_hash(uploads):
    at = opened(lang="en", page="ui/manager/scenario.py")
    text = own_scenario()
    at.file_uploader(key="sc_upload").upload("own.yaml", text).run()
    digest = at.query_params["upload"]
    assert digest == hashlib.sha256(text).hexdigest() and "scenario" not in at.query_params
    assert (uploads / f"{digest}.yaml").read_bytes() == text
    again = opened({"upload": digest, "lang": "en"})            # the refresh: a new session, same address
    assert "Our own" in active(again) and not again.warning


@pytest.mark.parametrize("params", [{"upload": "0" * 64}, {"upload": "../../etc/passwd"}, {"scenario": "nope.yaml"}])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_scenario_the_address_names_but_nobody_has_opens_the_default_with_a_notice(params, lang):
    at = opened({**params, "lang": lang})
    assert "Bijstand" in active(at) or "Social assistance" in active(at)
    notice = at.warning[0].value
    assert ("standaardscenario" if lang == "nl" else "default scenario") in notice
    assert at.query_params["scenario"] == "bijstand.yaml" and "upload" not in at.query_params


def test_the_compare_settings_live_in_the_address():
    at = opened(lang="en")
    at.selectbox(key="cmp_b__en").set_value("shared_file").run()
    assert (at.query_params["a"], at.query_params["b"]) == ("chaos", "shared_file")
    again = opened({"a": "chain_knowledge", "b": "shared_file", "lang": "en"})
    assert again.selectbox(key="cmp_a__en").value == "chain_knowledge"
    assert again.selectbox(key="cmp_b__en").value == "shared_file"
    hand_edited = opened({"a": "<script>", "b": "42", "lang": "en"})
    assert hand_edited.selectbox(key="cmp_a__en").value == "chaos"


def test_what_if_levers_survive_a_refresh():
    at = opened(lang="en", page="ui/manager/whatif.py")
    at.selectbox(key="wi_shared_file_chaos__en").set_value("full").run()
    at.slider(key="wi_routing_knowledge_chaos").set_value(90).run()
    at.number_input(key="wi_staff_kcc").set_value(4).run()
    at.multiselect(key="wi_digital_first_chaos").set_value(["income"]).run()
    params = dict(at.query_params)
    assert {k: params[k] for k in ("start", "sf", "rk", "staff", "df")} == \
        {"start": "chaos", "sf": "full", "rk": "90", "staff": "kcc:4", "df": "income"}
    again = opened(params, "ui/manager/whatif.py")
    assert again.selectbox(key="wi_shared_file_chaos__en").value == "full"
    assert again.slider(key="wi_routing_knowledge_chaos").value == 90
    assert again.number_input(key="wi_staff_kcc").value == 4
    assert again.multiselect(key="wi_digital_first_chaos").value == ["income"]


def test_what_if_levers_survive_a_visit_to_another_page():
    at = opened(lang="en", page="ui/manager/whatif.py")
    at.slider(key="wi_routing_knowledge_chaos").set_value(90).run()
    at.switch_page("ui/manager/scenario.py").run()
    at.switch_page("ui/manager/whatif.py").run()
    assert at.slider(key="wi_routing_knowledge_chaos").value == 90


def test_the_run_size_survives_a_visit_to_the_workshop_pages():
    """The workshop pages do not draw the run size, and Streamlit forgets an undrawn widget."""
    at = opened(lang="en", page="ui/manager/scenario.py")
    at.sidebar.number_input(key="citizens").set_value(100).run()
    at.switch_page("ui/room/facilitate.py").run()
    at.switch_page("ui/manager/scenario.py").run()
    assert not at.exception and at.sidebar.number_input(key="citizens").value == 100


def test_a_hand_edited_what_if_address_is_ignored_where_it_does_not_fit():
    bad = {"start": "nonsense", "sf": "everything", "rk": "abc", "di": "250", "ho": "warm", "co": "case_manager",
           "staff": "kcc:-3,nobody:4,wmo:3.5,uwv:x", "mix": "pragmatist:2,responsible:nan", "inflow": "inf",
           "df": "income,../x", "lang": "en"}
    at = opened(bad, "ui/manager/whatif.py")
    assert at.selectbox(key="wi_start__en").value == "chaos"
    assert at.selectbox(key="wi_shared_file_chaos__en").value == "none"
    assert at.selectbox(key="wi_handoff_chaos__en").value == "warm"            # the one valid value
    assert at.slider(key="wi_routing_knowledge_chaos").value == 30
    assert at.number_input(key="wi_staff_kcc").value == 2
    assert not at.multiselect(key="wi_digital_first_chaos").value


def test_the_variant_codec_round_trips(bijstand):
    base = resolve_setting(bijstand, "chaos")
    variant = variants.Variant({"shared_file": "full", "routing_knowledge": 0.9, "digital_first": ["income", "status"]},
                      {"kcc": 5}, {"pragmatist": 0.5}, 9.5)
    params = {k: v for k, v in address.to_url(variant, base, bijstand).items() if v is not None}
    back = address.from_url(params, bijstand)
    assert back.levers == {"shared_file": "full", "routing_knowledge": 0.9, "digital_first": ["income", "status"]}
    assert (back.staff, back.mix, back.per_day) == ({"kcc": 5}, {"pragmatist": 0.5}, 9.5)
    untouched = address.to_url(variants.Variant({}), base, bijstand)
    assert set(untouched.values()) == {None}


# 2. the sidebar names the scenario just uploaded ---------------------------------------------

def test_the_sidebar_names_the_uploaded_scenario_at_once():
    at = opened(lang="en", page="ui/manager/scenario.py")
    at.file_uploader(key="sc_upload").upload("own.yaml", own_scenario()).run()
    assert "Our own" in active(at)
    assert any("Our own" in s.value for s in at.success)


def test_a_shipped_pick_after_an_upload_is_not_undone():
    at = opened(lang="en", page="ui/manager/scenario.py")
    next(s for s in at.selectbox if s.key.startswith("sc_shipped_")).set_value("schuldhulp.yaml").run()
    at.file_uploader(key="sc_upload").upload("own.yaml", own_scenario()).run()
    at.run()                                                    # any later rerun keeps the upload
    assert "Our own" in active(at)


# 3. the sweep chart: rates in %, no tick label twice -----------------------------------------

def _ticks(fig, axis: str = "y") -> list[str]:
    fig.canvas.draw()
    ax = fig.axes[0]
    lo, hi = ax.get_ylim() if axis == "y" else ax.get_xlim()
    ticks = ax.yaxis.get_major_ticks() if axis == "y" else ax.xaxis.get_major_ticks()
    return [tk.label1.get_text() for tk in ticks if lo <= tk.get_loc() <= hi]


@pytest.mark.parametrize("means", [[1.41, 1.405, 1.40, 1.398, 1.395], [0.25, 0.2, 0.15, 0.1, 0.05],
                                   [0.0, 0.0, 0.0, 0.0, 0.0], [123.4, 123.41, 123.42, 123.43, 123.44]])
@pytest.mark.parametrize("metric", ["handoffs", "gave_up_rate"])
def test_sweep_ticks_never_repeat_and_rates_are_in_percent(means, metric):
    results = [{"mean": m, "ci95": [m - 0.002, m + 0.002]} for m in means]
    fig = charts.sweep([0.0, 0.25, 0.5, 0.75, 1.0], results, metric, "routing_knowledge", "nl")
    ys, xs = _ticks(fig, "y"), _ticks(fig, "x")
    assert len(ys) == len(set(ys)) and len(xs) == len(set(xs)), (ys, xs)
    assert not any(MINUS_ZERO.search(label) for label in ys + xs), ys
    assert "%" in fig.axes[0].get_xlabel() and xs[-1] == "100"            # the lever's chance, as the slider
    if metric == "gave_up_rate" and means[0] > 0:
        assert "%" in fig.axes[0].get_ylabel() and max(float(y.replace(",", ".")) for y in ys) > 1


# 4. a saved preset keeps the trainer's file --------------------------------------------------

def test_a_saved_preset_keeps_every_comment_and_says_what_changed(bijstand):
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    base = resolve_setting(bijstand, "chaos")
    variant = variants.Variant({"shared_file": "full", "routing_knowledge": 1.0}, {"kcc": 5}, {}, 9.0)
    out = editor.with_preset(text, "bijstand.yaml", "ours", variant, base, bijstand, start="chaos", lang="en")
    comments = [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]
    assert all(c in out for c in comments)                                   # every source comment kept
    saved = parse_scenario(out, "saved.yaml")
    ours = saved.settings["ours"]
    assert ours.shared_file == "full" and ours.routing_knowledge == 1.0
    assert ours.description != saved.settings["chaos"].description
    assert ours.description.get("nl").startswith("Gebaseerd op verkokerd: gedeeld dossier volledig")
    assert ours.description.get("en").startswith("Based on siloed: shared case file full")
    assert "# staff kcc: 2 → 5 — for preset ‘ours’" in out                 # the base roles change visibly
    assert "# inflow per_day: 8.0 → 9.0" in out
    assert next(r for r in saved.roles if r.id == "kcc").staff == 5 and saved.arrivals.per_day == 9.0
    assert "shared_file: full   # was none in chaos" in out
    assert saved.settings["chaos"] == bijstand.settings["chaos"]             # the others untouched


def test_a_profile_left_out_is_commented_out_with_its_route(bijstand):
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    variant = variants.Variant({}, {}, {"structure_seeker": 0.0})
    out = editor.with_preset(text, "bijstand.yaml", "no-seekers", variant, resolve_setting(bijstand, "integral"),
                              bijstand, lang="nl")
    saved = parse_scenario(out, "saved.yaml")
    assert "structure_seeker" not in {p.id for p in saved.profiles} and "structure_seeker" not in saved.routes
    assert "# profiel structure_seeker weggelaten (aandeel 0)" in out
    assert abs(sum(p.share for p in saved.profiles) - 1) < 1e-9
    assert saved.settings["no-seekers"].description.get("en").startswith("As integral, with the same levers; with other")


def test_a_preset_needs_a_name_of_its_own(bijstand):
    text = (SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8")
    base = resolve_setting(bijstand, "chaos")
    for name, key in (("chaos", "preset_name_taken"), ("differentiated", "preset_name_taken"),
                      ("Bad Name", "bad_preset_name")):
        with pytest.raises(editor.PresetNameError) as err:
            editor.with_preset(text, "bijstand.yaml", name, variants.Variant({}), base, bijstand)
        assert err.value.key == key


OWN = "shared_file: none, routing_knowledge: 0.3, handoff: cold, intake: narrow, discretion: 0.05, coordination: none"


@pytest.mark.parametrize("settings", ["", f"settings:\n    own: {{{OWN}}}   # four-space indent\n",
                                      f"settings: {{own: {{{OWN}}}}}\n"])
def test_a_preset_is_added_to_any_layout_of_settings(settings):
    text = "# a trainer's note\n" + yaml.safe_dump(scenario_dict(), sort_keys=False) + settings
    sc = parse_scenario(text, "small.yaml")
    base = resolve_setting(sc, "chaos")
    out = editor.with_preset(text, "small.yaml", "mine", variants.Variant({"handoff": "warm"}), base, sc)
    saved = parse_scenario(out, "small.yaml")
    assert saved.settings["mine"].handoff == "warm"
    assert out.startswith("# ")
    assert "own" not in settings or saved.settings["own"].handoff == "cold"


def test_the_what_if_page_says_staff_goes_into_the_file():
    at = opened(lang="en", page="ui/manager/whatif.py")
    at.number_input(key="wi_staff_kcc").set_value(4).run()
    note = next(i.value for i in at.info if "Staff, mix and inflow" in i.value)
    assert "2 → 4 staff" in note and "every other preset" in note
    assert any("As siloed, with the same levers; with other staff" in c.value for c in at.caption)
    at.selectbox(key="wi_handoff_chaos__en").set_value("warm").run()
    assert any("Based on siloed:\u200b hand\\-off warm" in c.value for c in at.caption)
    at.text_input(key="wi_preset_name").set_value("integral").run()
    assert any("exists already" in w.value for w in at.warning)


# 5. setting names and lever values in the reader's language ----------------------------------

CODES = re.compile(r"\b(chaos|integral|shared_file|chain_knowledge|self_service)\b")


def test_dutch_sentences_name_settings_in_dutch():
    at = opened(lang="nl")
    texts = [m.value for m in at.markdown] + [i.value for i in at.info]
    said = [x for x in texts if x.startswith(("Onder **", "**"))]
    assert said and not any(CODES.search(x) for x in said), said
    assert not any(CODES.search(m.label) for m in at.metric)
    at.switch_page("ui/manager/journey.py").run()
    picker = next(s for s in at.selectbox if s.key.startswith("jr_setting"))
    assert picker.options[picker.index].startswith("verkokerd — ")


def test_the_settings_table_says_lever_values_in_words():
    at = opened(lang="nl", page="ui/manager/scenario.py")
    table = at.dataframe[-1].value.set_index("id")
    assert table.loc["chaos", "naam"] == "verkokerd"
    assert table.loc["chaos", "Gedeeld dossier"] == "geen" and table.loc["integral", "Gedeeld dossier"] == "volledig"
    assert table.loc["chaos", "Overdracht"].startswith("koud")
    assert table.loc["chaos", "Ketenkennis (kans op juiste doorverwijzing)"] == "30%"
    values = set(table.drop(columns=["naam"]).to_numpy().ravel())
    assert not values & {"none", "full", "cold", "warm", "narrow", "broad", "case_manager", "uniform"}


# 6. no '-0', no labels on top of each other ---------------------------------------------------

@pytest.fixture(scope="module")
def runs(bijstand):
    return {name: run_for_app(bijstand, resolve_setting(bijstand, name), 60, 3, seed=4)
            for name in ("chaos", "integral")}


def _texts(fig) -> list:
    fig.canvas.draw()
    return [x for x in fig.findobj(matplotlib.text.Text) if x.get_visible() and x.get_text()]


def _overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_no_chart_says_minus_zero(runs, bijstand):
    run = runs["chaos"]
    journey = run.journey(run.typical_citizen("divorce"))
    figures = [charts.funnel(runs, "nl"), charts.funnel({"chaos": run}, "en"), charts.distributions(runs, "nl"),
               charts.network(run, bijstand, "nl", "chaos"), charts.swimlane(journey, bijstand, "nl", 3),
               charts.headline(runs, ["handoffs", "retellings", "gave_up_rate"], "nl"),
               charts.sweep([0.0, 0.5, 1.0], [{"mean": 0.0, "ci95": [-0.001, 0.001]}] * 3, "retellings",
                            "discretion", "nl")]
    for fig in figures:
        bad = [x.get_text() for x in _texts(fig) if MINUS_ZERO.search(x.get_text())]
        assert not bad, bad


def test_the_page_texts_never_say_minus_zero():
    from report.format import signed, unsigned_zero
    from ui.common.widgets import _delta
    assert _delta({"mean": -0.0001, "ci95": [-0.0002, -0.00005]}, "gave_up_rate", "nl")["delta"] == \
        "0,0 procentpunt (beter)"
    assert signed(-0.3, "nl", 0) == "0" and signed(0.3, "en", 0) == "0" and signed(0.6, "en", 0) == "+1"
    assert unsigned_zero("-0%") == "0%" and unsigned_zero("-0,05") == "-0,05"


def test_network_names_stay_off_the_nodes_and_each_other(runs, bijstand):
    fig = charts.network(runs["chaos"], bijstand, "nl", "chaos")
    ax = fig.axes[0]
    fig.canvas.draw()
    names = [x.get_window_extent() for x in ax.texts]
    centres = ax.transData.transform(ax.collections[0].get_offsets())     # the nodes
    radius = 9 * fig.dpi / 72                                             # node_size 260 pt²: ~8 pt
    for i, box in enumerate(names):
        for x, y in centres:
            assert not _overlap(box, matplotlib.transforms.Bbox([[x - radius, y - radius], [x + radius, y + radius]]))
        assert not any(_overlap(box, other) for other in names[i + 1:])


@pytest.mark.parametrize("chart", ["funnel", "swimlane"])
def test_a_legend_never_covers_the_axis_label(runs, bijstand, chart):
    run = runs["chaos"]
    short = [e for e in run.journey(run.typical_citizen("simple_question"))][:3]
    fig = charts.funnel({"chaos": run}, "nl") if chart == "funnel" else charts.swimlane(short, bijstand, "nl")
    fig.canvas.draw()
    ax = fig.axes[0]
    legend = (ax.get_legend() or fig.legends[0]).get_window_extent()
    assert not _overlap(legend, ax.xaxis.label.get_window_extent())
    assert not any(_overlap(legend, tk.label1.get_window_extent()) for tk in ax.xaxis.get_major_ticks())


# 7. the replay starts at the first step --------------------------------------------------------

def test_the_journey_replay_opens_on_the_first_step_and_steps_on():
    at = opened(lang="en", page="ui/manager/journey.py")
    at.selectbox(key="jr_case__en").set_value("divorce").run()
    slider = next(s for s in at.slider if s.key.endswith("_step"))
    assert slider.value == 1 and slider.max > 3
    total = int(slider.max)
    assert at.info[0].value.startswith(f"Step 1 of {total} — day 0.0")
    nxt = next(b for b in at.button if b.key.endswith("_step_next"))
    nxt.click().run()
    nxt = next(b for b in at.button if b.key.endswith("_step_next"))
    nxt.click().run()
    assert next(s for s in at.slider if s.key.endswith("_step")).value == 3
    assert at.info[0].value.startswith(f"Step 3 of {total}")
    assert not at.warning                                      # no "set via Session State" complaint
