"""Page: pick a shipped scenario or upload one; bad files are explained and change nothing."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sim.language import num, pct, t
from sim.scenario.chain import Chain
from sim.scenario.levers import LEVERS
from sim.scenario.loader import ScenarioError, decode, parse_scenario
from sim.scenario.presets import presets, setting_name
from ui.common.markup import lang, name_of, plain
from ui.common.scenario import SCENARIO_DIR, keep_upload, scenario, shipped_files, use_scenario


def pick_shipped(L: str) -> None:
    """The picker is keyed by the active scenario, so it shows that one (or none after an
    upload) and never switches back to a file picked before the upload."""
    files = shipped_files()
    address = st.session_state.get("scenario_address") or {}
    current = address.get("scenario")
    key = "sc_shipped_" + (address.get("upload") or current or "other")[:16]
    st.selectbox(t("shipped", L), files, index=files.index(current) if current in files else None, key=key,
                 on_change=use_shipped, args=(key,))


def use_shipped(key: str) -> None:
    """Runs before the next script run, so the sidebar already names the new scenario."""
    choice = st.session_state.get(key)
    if choice in shipped_files():
        use_scenario((SCENARIO_DIR / choice).read_text(encoding="utf-8"), choice, {"scenario": choice})
        for stale in ("sc_loaded", "sc_errors", "sc_not_kept"):
            st.session_state.pop(stale, None)


def upload(L: str) -> None:
    up = st.file_uploader(t("upload", L), type=["yaml", "yml"], key="sc_upload")
    if up is None or st.session_state.get("sc_uploaded") == up.file_id:
        return
    st.session_state.sc_uploaded = up.file_id
    raw = up.getvalue()
    try:
        text = decode(raw, up.name)
        sc = parse_scenario(text, up.name)
    except ScenarioError as err:
        st.session_state.sc_errors = err.problems
    else:
        accept(text, up.name, name_of(sc.name))


def accept(text: str, file_name: str, title: str) -> None:
    """A valid upload becomes the active scenario, is kept by the hash of its text (so the
    address can name it and a refresh finds it), and the page runs again so that the sidebar,
    written before the page, names it too."""
    digest = keep_upload(text, file_name)
    use_scenario(text, file_name, {"upload": digest} if digest else {})
    st.session_state.sc_errors = []
    st.session_state.sc_loaded = title
    st.session_state.sc_not_kept = digest is None
    st.rerun()


def overview(sc, L: str) -> None:
    yes = lambda b: t("yes" if b else "no", L)
    chain = Chain.of(sc)
    st.subheader(t("roles", L))
    st.dataframe(pd.DataFrame([{t("col_id", L): r.id, t("col_name", L): name_of(r.name), t("col_staff", L): r.staff,
                                t("col_entry", L): yes(r.entry), t("col_resolves", L): ", ".join(chain.needs_of(r.id))}
                               for r in sc.roles]), hide_index=True)
    st.subheader(t("needs", L))
    st.dataframe(pd.DataFrame([{t("col_id", L): n.id, t("col_name", L): name_of(n.name),
                                t("col_term", L): num(n.legal_term_days, L, 0) if n.legal_term_days else "–"}
                               for n in sc.needs]), hide_index=True)
    st.subheader(t("cases", L))
    st.dataframe(pd.DataFrame([{t("col_id", L): c.id, t("col_name", L): name_of(c.title), t("col_share", L): pct(c.share, L),
                                t("col_needs", L): ", ".join(c.needs), t("col_story", L): name_of(c.story)}
                               for c in sc.cases]), hide_index=True)
    st.subheader(t("profiles", L))
    st.dataframe(pd.DataFrame([{t("col_id", L): p.id, t("col_name", L): name_of(p.name), t("col_share", L): pct(p.share, L),
                                t("col_persistence", L): "∞" if p.persistence is None else p.persistence}
                               for p in sc.profiles]), hide_index=True)
    st.subheader(t("settings", L))
    needs = {n.id: name_of(n.name) for n in sc.needs}
    st.dataframe(pd.DataFrame([{t("col_id", L): name, t("col_name", L): setting_name(name, L),
                                **{t(LEVERS[k].label, L): LEVERS[k].said(v, L, needs)
                                   for k, v in s.model_dump(exclude={"description"}).items()}}
                               for name, s in presets(sc).items()]), hide_index=True)


def main() -> None:
    L = lang()
    st.header(t("page_scenario", L))
    st.caption(t("scenario_intro", L))
    pick_shipped(L)
    upload(L)
    if st.session_state.get("sc_errors"):
        st.error(t("invalid", L))
        st.code("\n".join(p.render(L) for p in st.session_state.sc_errors), language=None, wrap_lines=True)
    elif st.session_state.get("sc_loaded"):
        st.success(t("loaded", L, name=plain(st.session_state.sc_loaded)))
        if st.session_state.get("sc_not_kept"):
            st.warning(t("upload_not_kept", L))
    sc = scenario()
    st.info(t("active", L, name=plain(name_of(sc.name))))
    overview(sc, L)


main()
