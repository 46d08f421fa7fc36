"""kastje — the Streamlit app. Run with:  streamlit run app.py

The entry point is a frame: language and run size in the sidebar, then the chosen page
(ui/). Everything the pages compute comes from sim/ and is cached by run.
"""

from __future__ import annotations

import streamlit as st

from sim.pool import prestart

prestart()     # the workers import the model while this process imports the pages

from ui.i18n import t  # noqa: E402
from ui.state import MIN_REPLICATIONS, init_session, lang, name_of, plain, prefetch, scenario  # noqa: E402
from sim.settings import presets  # noqa: E402

st.set_page_config(page_title="kastje", page_icon=":material/inventory_2:", layout="wide")
init_session()
if "cmp_a" not in st.session_state:        # a new session opens on the comparison: start its runs now
    _options = presets(scenario())
    prefetch({name: (scenario(), _options[name]) for name in ("chaos", "integral") if name in _options})

with st.sidebar:
    st.radio(t("language", lang()), ["nl", "en"], key="lang", horizontal=True,
             format_func=lambda code: {"nl": "Nederlands", "en": "English"}[code])
L = lang()

pages = [
    st.Page("ui/compare.py", title=t("page_compare", L), icon=":material/compare_arrows:", default=True, url_path="compare"),
    st.Page("ui/whatif.py", title=t("page_whatif", L), icon=":material/tune:", url_path="whatif"),
    st.Page("ui/journey.py", title=t("page_journey", L), icon=":material/route:", url_path="journey"),
    st.Page("ui/scenario.py", title=t("page_scenario", L), icon=":material/description:", url_path="scenario"),
]
page = st.navigation(pages)

with st.sidebar:
    st.caption(t("active", L, name=plain(name_of(scenario().name))))
    with st.expander(t("run_size", L)):
        st.number_input(t("citizens", L), min_value=20, max_value=5000, step=20, key="citizens")
        st.number_input(t("replications", L), min_value=MIN_REPLICATIONS, max_value=100, step=1, key="replications")
        st.number_input(t("seed", L), min_value=0, max_value=2**31 - 1, step=1, key="seed")

st.title(t("app_title", L))
page.run()
