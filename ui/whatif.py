"""Page: what if we … share the file, give room to decide, add staff, change the inflow?"""

from __future__ import annotations

import streamlit as st

from sim.chain import Chain
from sim.schema import LEVERS
from sim.settings import presets
from ui import charts
from ui.i18n import t
from ui.state import get_runs, lang, name_of, plain, scenario, setting_label
from ui.variant import SWEEP_VALUES, Variant, sweep_settings, with_preset
from ui.widgets import choose, figure, headline, load_warning, story, who_fails

NUMERIC = {"routing_knowledge", "discretion", "proactive"}
SWEEP_METRICS = ("handoffs", "retellings", "gave_up_rate", "resolved_rate", "lead_time_days",
                 "staff_minutes", "wait_minutes", "harm_eur", "failure_demand_share")


def lever_widgets(base, start: str, L: str, managed: bool) -> dict:
    levers = {}
    cols = st.columns(3)
    for i, lever in enumerate(LEVERS):
        key, current = f"wi_{lever}_{start}", getattr(base, lever)
        col = cols[i % 3]
        if lever in NUMERIC:   # in percent: no decimal separator to get wrong in either language
            levers[lever] = col.slider(t("l_" + lever, L), 0, 100, round(100 * current), 5, key=key, format="%d%%") / 100
        else:
            options = [v for v in SWEEP_VALUES[lever] if managed or v != "case_manager"]
            levers[lever] = choose(t("l_" + lever, L), options, key, current, L, lambda v: t("v_" + v, L), col)
    return levers


def channel_widgets(sc, base, start: str, L: str) -> dict:
    """Channels and thinking ahead: a route per profile, processes online first, reaching out
    before a predictable need becomes urgent — each shown only where the scenario gives it."""
    levers = {}
    online = [n for n in sc.needs if n.self_service is not None]
    differentiates = any(p.id in sc.routes for p in sc.profiles)
    predictable = any(c.predictable for c in sc.cases)
    if not (online or differentiates or predictable):
        return levers
    st.markdown(f"**{t('channel_levers', L)}**")
    cols = st.columns(3)
    if differentiates:
        levers["channel_strategy"] = choose(t("l_channel_strategy", L), SWEEP_VALUES["channel_strategy"],
                                            f"wi_channel_strategy_{start}", base.channel_strategy, L,
                                            lambda v: t("v_" + v, L), cols[0])
    if online:
        names = {n.id: name_of(n.name, L) for n in online}
        levers["digital_first"] = cols[1].multiselect(t("l_digital_first", L), list(names), default=[
            n for n in base.digital_first if n in names], key=f"wi_digital_first_{start}", format_func=names.get)
    if predictable:
        levers["proactive"] = cols[2].slider(t("l_proactive", L), 0, 100, round(100 * base.proactive), 5,
                                             key=f"wi_proactive_{start}", format="%d%%") / 100
    return levers


def scenario_widgets(sc, L: str) -> Variant | None:
    staff, mix = {}, {}
    with st.expander(t("staff_per_role", L)):
        cols = st.columns(3)
        for i, role in enumerate(sc.roles):
            staff[role.id] = cols[i % 3].number_input(plain(name_of(role.name)), 1, 500, role.staff, key=f"wi_staff_{role.id}")
    with st.expander(t("citizen_mix", L)):
        st.caption(t("mix_note", L))
        for p in sc.profiles:
            shown = float(round(p.share, 2))
            value = st.slider(plain(name_of(p.name)), 0.0, 1.0, shown, 0.01, key=f"wi_mix_{p.id}")
            mix[p.id] = p.share if value == shown else value   # untouched: keep the exact share
    per_day = st.number_input(t("inflow", L), 0.1, 10_000.0, float(sc.arrivals.per_day), 0.5, key="wi_inflow")
    if sum(mix.values()) <= 0:  # the variant would have no citizens
        st.error(t("mix_zero", L))
        return None
    return Variant({}, staff, mix, per_day)


def sweep_section(sc, variant: Variant, base, L: str) -> None:
    st.subheader(t("sweep", L))
    c1, c2 = st.columns(2)
    lever = choose(t("sweep_lever", L), list(SWEEP_VALUES), "wi_sweep_lever", "routing_knowledge", L,
                   lambda v: t("l_" + v, L), c1)
    metric = choose(t("sweep_metric", L), list(SWEEP_METRICS), "wi_sweep_metric", SWEEP_METRICS[0], L,
                    lambda v: t("m_" + v, L), c2)
    reps = min(10, st.session_state.replications)
    if Chain.of(sc).case_manager is None and lever == "coordination":
        return
    if st.button(t("sweep_run", L), key="wi_sweep_go"):
        changed = variant.scenario(sc)
        points = {f"{lever}={value}": (value, setting) for value, setting in sweep_settings(variant, base, lever)}
        runs = get_runs({label: (changed, setting) for label, (_, setting) in points.items()}, reps=reps)
        st.session_state.wi_sweep_result = (lever, [(value, runs[label].metrics)
                                                    for label, (value, _) in points.items()])
    result = st.session_state.get("wi_sweep_result")
    if result and result[0] == lever:
        xs = [v for v, _ in result[1]]
        figure(lambda: charts.sweep(xs, [m[metric] for _, m in result[1]], metric, lever, L),
               t("sweep", L), "sweep", L)
        st.caption(t("sweep_caption", L, reps=reps))


def save_section(sc, variant: Variant, base, L: str) -> None:
    st.subheader(t("save_preset", L))
    name = st.text_input(t("preset_name", L), "mijn-werkwijze", key="wi_preset_name")
    try:
        text = with_preset(st.session_state.scenario_text, st.session_state.scenario_file, name, variant, base, sc)
    except ValueError:
        st.warning(t("bad_preset_name", L))
        return
    st.download_button(t("download_scenario", L), text.encode("utf-8"),
                       file_name=st.session_state.scenario_file.replace(".yaml", "") + f"-{name}.yaml",
                       mime="application/x-yaml", on_click="ignore", key="wi_download")


def main() -> None:
    L, sc = lang(), scenario()
    options = presets(sc)
    st.header(t("page_whatif", L))
    st.caption(t("whatif_intro", L))
    names = list(options)
    start = choose(t("start_from", L), names, "wi_start", "chaos", L, lambda n: setting_label(n, options[n], L))
    base = options[start]
    st.subheader(t("levers", L))
    levers = lever_widgets(base, start, L, Chain.of(sc).case_manager is not None)
    levers.update(channel_widgets(sc, base, start, L))
    variant = scenario_widgets(sc, L)
    if variant is None:
        return
    variant.levers = levers
    runs = get_runs({start: (sc, base), t("your_variant", L): (variant.scenario(sc), variant.setting(base))})
    load_warning(runs, sc, L)
    for label, run in runs.items():
        st.markdown(story(label, run, L, sc.horizon_days))
    headline(runs, L)
    who_fails(runs, sc, L)
    sweep_section(sc, variant, base, L)
    save_section(sc, variant, base, L)


main()
