"""kastje — the Streamlit app. Run with:  streamlit run app.py

The entry point is a frame: language in the sidebar (and in the address, so a refresh keeps
it), then the chosen page (ui/). Two groups of pages: the simulation (compare, what if,
journey, scenario; run size in the sidebar, every run cached) and the live workshop (play,
facilitate, projector, debrief), whose state lives in the workshop service.
"""

from __future__ import annotations

import streamlit as st

from sim.experiments.pool import prestart

if __name__ == "__main__":     # Streamlit runs the page script as __main__; nothing else may start a pool here
    prestart()     # the workers import the model while this process imports the pages

from sim.language import language, languages, t
from sim.scenario.presets import presets
from ui.common.markup import lang, name_of, plain
from ui.common.runs import MIN_REPLICATIONS, prefetch
from ui.common.scenario import scenario, scenario_in_url
from ui.common.session import init_session, keep
from ui.common.style import readable

# an emoji favicon is drawn in the browser; a :material/…: one is fetched from fonts.gstatic.com
st.set_page_config(page_title="kastje", page_icon="🗄️", layout="wide")
init_session()      # language and scenario from the address on a new session (a refresh)

readable()          # captions dark enough for WCAG AA on every page
with st.sidebar:
    links = st.container()     # the page links go above the language, once the page is known
    st.radio(t("language", lang()), languages(), key="lang", horizontal=True, on_change=keep, args=("lang",),
             format_func=lambda code: language(code).name)
L = lang()
st.query_params["lang"] = L

simulation = [
    st.Page("ui/manager/compare.py", title=t("page_compare", L), icon=":material/compare_arrows:", default=True, url_path="compare"),
    st.Page("ui/manager/whatif.py", title=t("page_whatif", L), icon=":material/tune:", url_path="whatif"),
    st.Page("ui/manager/journey.py", title=t("page_journey", L), icon=":material/route:", url_path="journey"),
    st.Page("ui/manager/scenario.py", title=t("page_scenario", L), icon=":material/description:", url_path="scenario"),
]
workshop = [
    st.Page("ui/room/play.py", title=t("page_play", L), icon=":material/badge:", url_path="play"),
    st.Page("ui/room/facilitate.py", title=t("page_facilitate", L), icon=":material/co_present:", url_path="facilitate"),
    st.Page("ui/room/projector.py", title=t("page_projector", L), icon=":material/tv:", url_path="projector"),
    st.Page("ui/room/debrief.py", title=t("page_debrief", L), icon=":material/insights:", url_path="debrief"),
]
# Drawn by us, not by Streamlit: its sectioned sidebar navigation puts the section headings as <div>s
# inside its <ul> (axe: list, listitem). A player's phone and the projector show no page links.
page = st.navigation({t("nav_simulation", L): simulation, t("nav_workshop", L): workshop}, position="hidden")
if page.url_path not in ("play", "projector"):
    with links:
        for section, pages in ((t("nav_simulation", L), simulation), (t("nav_workshop", L), workshop)):
            st.markdown(f"**{section}**")
            for item in pages:
                st.page_link(item, width="stretch")

if page.url_path in ("", "compare") and "cmp_a" not in st.session_state:
    # a new visitor of the comparison: start its runs now, while the page lays itself out
    _options = presets(scenario())
    _pair = (st.query_params.get("a", "chaos"), st.query_params.get("b", "integral"))
    prefetch({name: (scenario(), _options[name]) for name in _pair if name in _options})

if page in simulation:
    with st.sidebar:
        st.caption(t("active", L, name=plain(name_of(scenario().name))))
        with st.expander(t("run_size", L)):
            st.number_input(t("citizens", L), min_value=20, max_value=5000, step=20, key="citizens",
                            on_change=keep, args=("citizens",))
            st.number_input(t("replications", L), min_value=MIN_REPLICATIONS, max_value=100, step=1, key="replications",
                            on_change=keep, args=("replications",))
            st.number_input(t("seed", L), min_value=0, max_value=2**31 - 1, step=1, key="seed",
                            on_change=keep, args=("seed",))
    st.title(t("app_title", L))
    scenario_in_url()
page.run()
