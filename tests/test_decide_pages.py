"""The business case on the compare page, and which lever matters and the break-even view on
the what-if page (issue 11), through Streamlit's AppTest."""

from __future__ import annotations

import hashlib
import re

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, open_app


def app(page: str | None = None, lang: str = "en", params: dict | None = None) -> AppTest:
    return open_app(page, lang, params, timeout=600)


def test_the_compare_page_makes_the_business_case_per_year():
    at = app()
    assert "Business case: a year of these ways of working" in [s.value for s in at.subheader]
    verdict = next(i.value for i in at.info if "per year" in i.value)
    assert verdict.startswith("**integral** against **siloed**, per year: cost +€")
    table = next(d.value for d in at.dataframe if "Difference (paired)" in d.value.columns)
    rows = table.set_index("")
    assert rows.loc["Citizens who give up", "Difference (paired)"].endswith("(better)")
    assert re.match(r"€ [\d,]+ \[€ [\d,]+ – € [\d,]+\]", rows.loc["Cost (staff and channels)", "siloed"])
    assert "Business case for management (PDF)" in [b.label for b in at.get("download_button")]


def test_the_business_case_pdf_has_the_verdict_the_settings_and_the_sources(bijstand):
    from report.business_pdf import business_pdf
    from sim.experiments.app_runs import run_many_for_app
    from sim.scenario.presets import resolve_setting
    runs = run_many_for_app([(bijstand, resolve_setting(bijstand, n)) for n in ("chaos", "integral")], 60, 3, 1)
    text = (ROOT / "scenarios" / "bijstand.yaml").read_text(encoding="utf-8")
    pdf = business_pdf(dict(zip(("chaos", "integral"), runs)), bijstand, text, "nl")
    # the verdict and a year; the settings, the cost assumptions and the sources, flowing on (tests/test_pdfs.py)
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) >= 2


@pytest.fixture
def short_bijstand(tmp_path, monkeypatch) -> dict:
    """bijstand followed for 40 days instead of 120: a third of the warm-up and the tail to
    simulate, the same desks, levers and presets (opened as an upload, by its hash)."""
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    monkeypatch.setenv("KASTJE_UPLOADS", str(uploads))
    text = (ROOT / "scenarios" / "bijstand.yaml").read_text(encoding="utf-8")
    text = text.replace("\nhorizon_days: 120 ", "\nhorizon_days: 40 ", 1).encode()
    digest = hashlib.sha256(text).hexdigest()
    (uploads / f"{digest}.yaml").write_bytes(text)
    return {"upload": digest}


def test_which_lever_matters_and_from_how_many_case_managers_integral_pays(short_bijstand, monkeypatch):
    at = app("ui/manager/whatif.py", params=short_bijstand)
    assert "\nhorizon_days: 40 " in at.session_state["scenario_text"]
    go = next(b for b in at.button if b.key == "tn_go")
    assert re.match(r"Run \d+ variants", go.label)
    go.click().run()
    assert not at.exception, [e.value for e in at.exception]
    start, staff, rows, _ = at.session_state["tn_result"]
    assert start == "chaos" and not staff and {r["step"].name for r in rows} >= {"routing_knowledge", "handoff"}
    assert any("Bar = effect per quarter of the range, paired against the starting point **siloed**" in c.value
               for c in at.caption)
    # the break-even run grows until precise; here capped at its start (60), so it cannot
    monkeypatch.setattr("ui.manager.levers.BE_MAX_CITIZENS", 60)
    next(b for b in at.button if b.key == "be_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    alternative, result, _ = at.session_state["be_result"]
    assert alternative == "chain_knowledge" and sorted(result["differences"]) == [1, 2, 3, 4, 5, 6]
    assert result["citizens_tried"] == [60] and result["overloaded"][1] == ["wijkteam"]
    # the overloaded staffing first, then the verdict, then what it was measured on, then the figures
    order = [f"{type(n).__name__}:{getattr(n, 'value', '')}" for n in at.main]
    flag = next(i for i, k in enumerate(order) if k.startswith("Error:Overloaded with 1 on Neighbourhood team"))
    verdict = next(i for i, k in enumerate(order) if k.startswith(("Success:Integral work pays from",
                                                                   "Warning:With up to", "Error:No conclusion")))
    measured = next(i for i, k in enumerate(order) if k.startswith("Caption:Measured on 60 citizens per replication"))
    assert flag < verdict < measured
    intro = next(c.value for c in at.caption if c.value.startswith("Integral with 1 to 6 staff"))
    assert "Neighbourhood team" in intro and "wijkteam" not in intro          # the role by its name, not its code
    if result["verdict"] == "no_conclusion":                  # which interval at which staffing, and the cap
        assert "at the cap of 60 citizens" in order[verdict] and " at " in order[verdict].split(":", 2)[2]
    assert "at most 60" in order[measured]
