"""Page: replay one citizen's path step by step, like re-watching a recorded consultation."""

from __future__ import annotations

import streamlit as st

from sim.language import t
from sim.scenario.presets import presets, setting_name
from ui.common.markup import lang, name_of, plain, setting_label
from ui.common.replay import replay
from ui.common.runs import get_run
from ui.common.scenario import scenario
from ui.common.widgets import choose, load_warning


def pick_citizen(run, sc, L: str) -> int | None:
    mode = choose(t("pick_by", L), ["typical", "number"], "jr_mode", "typical", L,
                  lambda m: t("pick_typical" if m == "typical" else "pick_citizen", L), radio=True)
    if mode == "typical":
        cases = {c.id: c for c in sc.cases}
        richest = max(cases, key=lambda c: (len(cases[c].needs), cases[c].share))
        case = choose(t("case", L), list(cases), "jr_case", richest, L, lambda c: name_of(cases[c].title, L))
        st.caption(plain(name_of(cases[case].story)))
        cid = run.typical_citizen(case)
        if cid is None:
            st.info(t("no_citizen", L))
        return cid
    ids = sorted(r["citizen"] for r in run.citizen_rows if r["replication"] == 0)
    return st.selectbox(t("citizen", L), ids, key="jr_citizen")


def main() -> None:
    L, sc = lang(), scenario()
    options = presets(sc)
    names = list(options)
    st.header(t("page_journey", L))
    st.caption(t("journey_intro", L))
    name = choose(t("journey_setting", L), names, "jr_setting", "chaos", L, lambda n: setting_label(n, options[n], L))
    said = setting_name(name, L)
    run = get_run(sc, options[name], said)
    load_warning({said: run}, sc, L)
    cid = pick_citizen(run, sc, L)
    if cid is None:
        return
    events = run.journey(cid)
    row = next(r for r in run.citizen_rows if r["replication"] == 0 and r["citizen"] == cid)
    cases = {c.id: c for c in sc.cases}
    profiles = {p.id: p for p in sc.profiles}
    st.markdown(t("journey_summary", L, id=cid, case=plain(name_of(cases[row["case"]].title)),
                  profile=plain(name_of(profiles[row["profile"]].name)), desks=int(row["distinct_roles"]),
                  tellings=int(row["tellings"]), handoffs=int(row["handoffs"]),
                  outcome=t("outcome_" + row["outcome"], L)))
    replay(events, sc, L, f"jr_{name}_{cid}", row["outcome"], (run.key, cid))


main()
