"""Page: what if we … share the file, give room to decide, add staff, change the inflow?

The choices live in the address too (short names: ?start=chaos&sf=full&rk=90&staff=kcc:5),
so a refresh, a bookmark or a link brings the variant back.
"""

from __future__ import annotations

import streamlit as st

from report import charts
from sim.language import num, t
from sim.scenario.editor import PresetNameError, preset_description, scenario_changes, with_preset
from sim.scenario.levers import LEVERS
from sim.scenario.loader import ScenarioError
from sim.scenario.presets import presets, setting_name
from sim.scenario.variant import Variant, sweep_settings
from ui.common.address import keep_in_url, read_url_once
from ui.common.markup import lang, name_of, plain, setting_label
from ui.common.runs import get_runs
from ui.common.scenario import scenario
from ui.common.widgets import choose, figure, headline, kept, load_warning, story, who_fails
from ui.manager import business, costs
from ui.manager import levers as levers_section
from ui.manager.address import URL_KEYS, from_url, to_url

SWEEP_METRICS = ("handoffs", "retellings", "gave_up_rate", "resolved_rate", "lead_time_days",
                 "staff_minutes", "wait_minutes", "harm_eur", "failure_demand_share")


def lever_widgets(sc, base, start: str, L: str, restored: dict) -> dict:
    """Every lever this scenario can turn, as its declaration says to draw it (sim.scenario.levers):
    the six of DESIGN §2, then channels and thinking ahead; ``restored`` holds the values an
    address gave (first run only)."""
    levers = {}
    for group in ("lever", "channel"):
        shown = [lever for lever in LEVERS.values() if lever.group == group and lever.applies(sc)]
        if not shown:
            continue
        if group == "channel":
            st.markdown(f"**{t('channel_levers', L)}**")
        cols = st.columns(3)
        for i, lever in enumerate(shown):
            levers[lever.key] = lever_widget(lever, cols[i % 3], sc, base, start, L, restored)
    return levers


def lever_widget(lever, col, sc, base, start: str, L: str, restored: dict):
    key, current = f"wi_{lever.key}_{start}", restored.get(lever.key, getattr(base, lever.key))
    if lever.widget == "slider":     # a chance in percent: no decimal separator to get wrong in either language
        return kept(col.slider, t(lever.label, L), key, round(100 * current), min_value=0, max_value=100, step=5,
                    format="%d%%") / 100
    if lever.widget == "multiselect":
        names = {n.id: name_of(n.name, L) for n in sc.needs if n.id in lever.choices(sc)}
        return kept(col.multiselect, t(lever.label, L), key, [n for n in current if n in names], "default",
                    options=list(names), format_func=names.get, placeholder=t("choose_processes", L),
                    select_all=False)     # Streamlit's "Select all" is English in every language
    if lever.key in restored:
        st.session_state[key] = current
    return choose(t(lever.label, L), list(lever.choices(sc)), key, getattr(base, lever.key), L,
                  lambda v: t("v_" + v, L), col)


def scenario_widgets(sc, L: str, restored: Variant) -> Variant:
    """Staff, citizen mix and inflow; ``restored`` holds what an address gave (first run only)."""
    staff, mix = {}, {}
    with st.expander(t("staff_per_role", L)):
        cols = st.columns(3)
        for i, role in enumerate(sc.roles):
            staff[role.id] = kept(cols[i % 3].number_input, plain(name_of(role.name)), f"wi_staff_{role.id}",
                                  restored.staff.get(role.id, role.staff), min_value=1, max_value=500)
    with st.expander(t("citizen_mix", L)):
        st.caption(t("mix_note", L))
        for p in sc.profiles:
            shown = float(round(p.share, 2))
            value = kept(st.slider, plain(name_of(p.name)), f"wi_mix_{p.id}", restored.mix.get(p.id, shown),
                         min_value=0.0, max_value=1.0, step=0.01)
            mix[p.id] = p.share if value == shown else value   # untouched: keep the exact share
    per_day = kept(st.number_input, t("inflow", L), "wi_inflow", restored.per_day or float(sc.arrivals.per_day),
                   min_value=0.1, max_value=10_000.0, step=0.5)
    return Variant({}, staff, mix, per_day)


def sweep_section(sc, variant: Variant, base, L: str) -> None:
    st.subheader(t("sweep", L))
    c1, c2 = st.columns(2)
    swept = [key for key, lever in LEVERS.items() if lever.kind != "needs" and lever.applies(sc)]
    lever = choose(t("sweep_lever", L), swept, "wi_sweep_lever", "routing_knowledge", L,
                   lambda v: t(LEVERS[v].label, L), c1)
    metric = choose(t("sweep_metric", L), list(SWEEP_METRICS), "wi_sweep_metric", SWEEP_METRICS[0], L,
                    lambda v: t("m_" + v, L), c2)
    reps = min(10, st.session_state.replications)
    if st.button(t("sweep_run", L), key="wi_sweep_go"):
        changed = variant.scenario(sc)
        points = {LEVERS[lever].said(value, L): (value, setting)      # the progress bar names them
                  for value, setting in sweep_settings(variant, base, lever, sc)}
        runs = get_runs({label: (changed, setting) for label, (_, setting) in points.items()}, reps=reps)
        st.session_state.wi_sweep_result = (lever, [(value, runs[label].metrics)
                                                    for label, (value, _) in points.items()])
    result = st.session_state.get("wi_sweep_result")
    if result and result[0] == lever:
        xs = [v for v, _ in result[1]]
        figure(lambda: charts.sweep(xs, [m[metric] for _, m in result[1]], metric, lever, L),
               t("sweep", L), "sweep", L)
        st.caption(t("sweep_caption", L, reps=reps))


def change_texts(variant: Variant, sc, L: str) -> list[str]:
    """The variant's staff, mix and inflow changes in words, for the note before the download."""
    roles, profiles = {r.id: name_of(r.name, L) for r in sc.roles}, {p.id: name_of(p.name, L) for p in sc.profiles}
    out = []
    for kind, ident, old, new in scenario_changes(variant, sc):
        if kind == "staff":
            out.append(t("change_staff", L, role=roles[ident], old=old, new=new))
        elif kind == "inflow":
            out.append(t("change_inflow", L, old=num(old, L), new=num(new, L)))
        elif new is None:
            out.append(t("change_dropped", L, profile=profiles[ident]))
        else:
            out.append(t("change_share", L, profile=profiles[ident], old=num(old, L, 2), new=num(new, L, 2)))
    return out


def save_section(sc, variant: Variant, base, start: str, L: str) -> None:
    st.subheader(t("save_preset", L))
    name = kept(st.text_input, t("preset_name", L), "wi_preset_name", t("preset_name_default", L))
    try:
        text = with_preset(st.session_state.scenario_text, st.session_state.scenario_file, name, variant, base, sc,
                           start=start, lang=L)
    except PresetNameError as err:
        st.warning(t(err.key, L))
        return
    except ScenarioError as err:
        st.error(t("save_failed", L))
        st.code("\n".join(p.render(L) for p in err.problems), language=None, wrap_lines=True)
        return
    description = preset_description(variant, base, sc, start)[L]
    st.caption(t("save_description", L, name=plain(name), description=plain(description)))
    changes = change_texts(variant, sc, L)
    if changes:
        st.info(t("save_scenario_note", L, changes=plain("; ".join(changes))), icon=":material/edit_note:")
    st.download_button(t("download_scenario", L), text.encode("utf-8"),
                       file_name=st.session_state.scenario_file.replace(".yaml", "") + f"-{name}.yaml",
                       mime="application/x-yaml", on_click="ignore", key="wi_download")


def main() -> None:
    L, sc = lang(), scenario()
    options = presets(sc)
    st.header(t("page_whatif", L))
    st.caption(t("whatif_intro", L))
    names = list(options)
    url = read_url_once("whatif", URL_KEYS)
    if url.get("start") in options:
        st.session_state.wi_start = url["start"]
    restored = from_url(url, sc)
    start = choose(t("start_from", L), names, "wi_start", "chaos", L, lambda n: setting_label(n, options[n], L))
    base = options[start]
    st.subheader(t("levers", L))
    levers = lever_widgets(sc, base, start, L, restored.levers)
    variant = scenario_widgets(sc, L, restored)
    variant.levers = levers
    address = to_url(variant, base, sc)
    keep_in_url({"start": start, **address})
    original = sc
    sc, priced = costs.assumptions(sc, L)      # the run counts the hourly cost; the year all of them
    if sum(variant.mix.values()) <= 0:  # the variant would have no citizens
        st.error(t("mix_zero", L))
        return
    said, mine = setting_name(start, L), t("your_variant", L)
    runs = get_runs({said: (sc, base), mine: (variant.scenario(sc), variant.setting(base))})
    load_warning(runs, sc, L)
    for label, run in runs.items():
        st.markdown(story(label, run, L, sc.horizon_days))
    headline(runs, L)
    who_fails(runs, sc, L)
    # the variant's business case against its starting point: euros, FTE, failure demand
    yours = variant.scenario(priced)
    business.section(runs, yours, st.session_state.scenario_text, L, variant.scenario(original),
                     scenarios={said: priced, mine: yours}, pdf=False)
    sweep_section(sc, variant, base, L)
    levers_section.tornado(yours, variant.setting(base), start, L, any(v is not None for v in address.values()),
                           costs.in_use(variant.scenario(original), yours, L))
    levers_section.break_even_view(yours, L)
    save_section(original, variant, base, start, L)      # the file keeps its own costs


main()
