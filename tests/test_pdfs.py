"""The two PDFs a manager takes to the management team — the report and the business case — read
back as text (pdfplumber) and checked for layout; and ``kastje report``, which writes them (issue 19)."""

from __future__ import annotations

import io
import re
from functools import lru_cache

import pdfplumber
import pytest

from report.business import mark
from report.business_pdf import business_pdf
from report.compare_pdf import named, pdf_report
from sim.cli.main import main
from sim.experiments.app_runs import run_many_for_app
from sim.scenario.levers import LEVERS
from sim.scenario.presets import presets, resolve_setting
from tests.conftest import ROOT

PAIR = ("differentiated", "integral")      # a preset described "as self_service, but…", with digital-first needs


@pytest.fixture(scope="module")
def pdfs(bijstand) -> dict[str, bytes]:
    """Both PDFs in both languages of one small run of the pair (the same runs for all four)."""
    runs = dict(zip(PAIR, run_many_for_app([(bijstand, resolve_setting(bijstand, n)) for n in PAIR], 40, 3, 1,
                                           workers=1)))
    text = (ROOT / "scenarios" / "bijstand.yaml").read_text(encoding="utf-8")
    out = {}
    for lang in ("nl", "en"):
        labels = named(list(PAIR), lang)
        out[f"report-{lang}"] = pdf_report({label: runs[code] for label, code in labels.items()}, bijstand, lang,
                                           codes=labels)
        out[f"business-{lang}"] = business_pdf(runs, bijstand, text, lang)
    return out


@lru_cache(maxsize=16)
def pages(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [(page.extract_text() or "").replace("\xa0", " ") for page in doc.pages]


def layout_problems(pdf: bytes) -> list[str]:
    """Every word inside the page and inside the table cell its centre is in; no two words and no
    word and picture drawn over each other; pictures inside the page and apart."""
    problems = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for n, page in enumerate(doc.pages, 1):
            W, H = page.width, page.height
            words = page.extract_words(x_tolerance=1.5, y_tolerance=1)
            cells = [r for r in page.rects if 4 < r["width"] < W - 1 and 4 < r["height"] < H - 1]
            pictures = page.images
            box = lambda o: (o["x0"], o["top"], o["x1"], o["bottom"])
            for w in words:
                x0, top, x1, bottom = box(w)
                if x0 < 0 or top < 0 or x1 > W or bottom > H:
                    problems.append(f"page {n}: '{w['text']}' crosses the page edge")
                cx, cy = (x0 + x1) / 2, (top + bottom) / 2
                around = [c for c in cells if c["x0"] <= cx <= c["x1"] and c["top"] <= cy <= c["bottom"]]
                if around:
                    c = min(around, key=lambda r: r["width"] * r["height"])
                    if x0 < c["x0"] - 0.5 or x1 > c["x1"] + 0.5 or top < c["top"] - 0.5 or bottom > c["bottom"] + 0.5:
                        problems.append(f"page {n}: '{w['text']}' crosses its cell")
                for p in pictures:
                    if x0 < p["x1"] and p["x0"] < x1 and top < p["bottom"] and p["top"] < bottom:
                        problems.append(f"page {n}: '{w['text']}' is drawn over a picture")
            ordered = sorted(words, key=lambda w: w["top"])
            for i, a in enumerate(ordered):
                for b in ordered[i + 1:]:
                    if b["top"] >= a["bottom"] - 0.5:
                        break
                    if a["x0"] < b["x1"] - 0.5 and b["x0"] < a["x1"] - 0.5:
                        problems.append(f"page {n}: '{a['text']}' and '{b['text']}' overlap")
            for i, p in enumerate(pictures):
                if p["x0"] < -0.5 or p["top"] < -0.5 or p["x1"] > W + 0.5 or p["bottom"] > H + 0.5:
                    problems.append(f"page {n}: a picture crosses the page edge")
                for q in pictures[i + 1:]:
                    if p["x0"] < q["x1"] - 0.5 and q["x0"] < p["x1"] - 0.5 and p["top"] < q["bottom"] - 0.5 \
                            and q["top"] < p["bottom"] - 0.5:
                        problems.append(f"page {n}: two pictures overlap")
    return problems


def test_every_pdf_keeps_each_word_in_its_cell_and_on_the_page(pdfs):
    """Once the lead-time cells of page 2 ran out of their cells and the intro touched the table."""
    for name, pdf in pdfs.items():
        assert layout_problems(pdf) == [], name


def test_the_report_says_which_two_settings_it_compares(pdfs):
    nl, en = pages(pdfs["report-nl"]), pages(pdfs["report-en"])
    assert nl[0].startswith("Gedifferentieerd tegenover integraal — Bijstand")
    assert en[0].startswith("Differentiated versus integral — ")
    assert "Verkokerd tegenover integraal" not in "".join(nl)


def test_both_pdfs_list_every_cost_assumption_with_its_value_and_source(pdfs):
    for name in ("report-nl", "business-nl"):
        text = "\n".join(pages(pdfs[name]))
        assert "Kostenaannames" in text
        assert re.search(r"Kosten van een uur medewerker .*€ 80 het scenario", text), name
        assert re.search(r"Productieve uren van een fte per jaar 1\.300 het scenario", text), name
        assert re.search(r"Burgers per jaar met deze vragen 1\.760 standaard: 8 aankomsten", text), name
        assert re.search(r"Kosten per telefoongesprek, naast personeelstijd € 0 standaard", text), name
    text = "\n".join(pages(pdfs["business-en"]))
    assert re.search(r"Cost per form sent in online, besides staff time € 1 the scenario", text)


def test_the_business_case_has_the_paired_differences_and_marks_more_fte_as_worse(pdfs):
    """'FTE nodig voor dit werk 1,3 [1,0 – 1,7] (beter)' beside hours '(slechter)': more FTE needed
    is worse, as declared with the figures of a year."""
    assert mark("fte_total", {"mean": 1.3, "ci95": [1.0, 1.7]}, "nl") == " (slechter)"
    assert mark("fte", {"mean": -1.3, "ci95": [-1.7, -1.0]}, "en") == " (better)"
    assert mark("fte_total", {"mean": 1.3, "ci95": [-0.1, 1.7]}, "nl") == ""
    first = pages(pdfs["business-nl"])[0]
    assert "Verschil (gepaard)" in first and "Herhaling i van beide werkwijzen zag dezelfde burgers" in first
    hours = re.search(r"Uren medewerkers .*?\[.*?\] .*?\[.*?\] (\+?[\d.]+) \[[^\]]*\]\s*(?:\((\w+)\))?", first, re.DOTALL)
    fte = re.search(r"Fte nodig voor dit werk .*?\[.*?\] .*?\[.*?\] (\+?[\d.,]+) \[[^\]]*\]\s*(?:\((\w+)\))?", first, re.DOTALL)
    assert hours and fte, first
    assert hours.group(1).startswith("+") and fte.group(1).startswith("+")      # integral needs more staff time
    assert hours.group(2) == fte.group(2) == "slechter"


def test_the_per_profile_table_has_failure_demand_and_its_promised_marks(pdfs):
    second = pages(pdfs["report-nl"])[1]
    assert "Faalvraag" in second
    assert "(beter)" in second or "(slechter)" in second      # promised in its caption, once missing


def test_dutch_pdfs_have_no_raw_codes_no_minus_zero_and_no_decimal_points(pdfs, bijstand):
    codes = {key for key in LEVERS if "_" in key} | {v for lever in LEVERS.values() for v in lever.values if "_" in v}
    codes |= {n.id for n in bijstand.needs if "_" in n.id} | {n for n in presets(bijstand) if "_" in n}
    codes |= {"chaos", "integral", "differentiated", "case_manager", "income"}
    for name in ("report-nl", "business-nl"):
        text = "\n".join(pages(pdfs[name]))
        text = text.split("Aannames en bronnen (uit het scenariobestand)")[0]   # the file's own keys, quoted
        words = set(re.findall(r"[\w_]+", text))
        assert words & codes == set(), name
        assert "Als zelf online, maar" in text          # "Als self_service, maar…" in the scenario's Dutch
        assert "Bijstandsuitkering, Wijziging doorgeven" in text      # digital first: the needs by name
        assert not re.search(r"[-−]0(,0+)?%?(?![\d,])", text), name
        assert not re.search(r"(?<![\d.])\d+\.\d{1,2}(?![\d])", text), name


def test_kastje_report_writes_either_pdf_of_exactly_two_settings(tmp_path, capsys):
    out = tmp_path / "report.pdf"
    assert main(["report", str(ROOT / "scenarios" / "bijstand.yaml"), "--settings", "chain_knowledge,integral",
                 "--citizens", "20", "--replications", "2", "--workers", "1", "--lang", "nl", "--out", str(out)]) == 0
    first = pages(out.read_bytes())[0]
    assert first.startswith("Ketenkennis tegenover integraal — Bijstand")
    assert "20 burgers × 2 herhalingen, seed 1" in first
    text = (ROOT / "scenarios" / "bijstand.yaml").read_text(encoding="utf-8")
    bare = re.sub(r"\ncosts:\n(?:[ #].*\n|\n)*?(?=\S)", "\n", text, count=1)      # no costs section at all
    assert "\ncosts:" not in bare and "hourly_cost_eur: 80" not in bare
    scenario = tmp_path / "no-costs.yaml"
    scenario.write_text(bare, encoding="utf-8")
    business = tmp_path / "business.pdf"
    assert main(["report", str(scenario), "--settings", "chaos,integral", "--business", "--citizens", "20",
                 "--replications", "2", "--workers", "1", "--lang", "en", "--out", str(business)]) == 0
    text = "\n".join(pages(business.read_bytes()))
    assert text.startswith("Business case: integral against siloed")
    assert re.search(r"Cost of a staff hour .*€ 80 default", text)
    assert re.search(r"Productive hours of an FTE a year 1,300 default", text)
    assert re.search(r"Working days a year 220 default", text)
    capsys.readouterr()
    for wrong in ("chaos", "chaos,integral,shared_file", "chaos,chaos"):
        assert main(["report", str(scenario), "--settings", wrong, "--out", str(tmp_path / "x.pdf")]) == 2
        assert "exactly two different presets" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_the_scenario_format_documents_the_costs_section_with_the_schemas_defaults():
    from sim.scenario.schema import Costs
    doc = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    section = doc.split("### Costs\n", 1)[1].split("\n### ", 1)[0]
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|", section, re.MULTILINE))
    assert set(rows) == set(Costs.model_fields)
    for key in ("hourly_cost_eur", "fte_hours", "working_days_per_year"):
        assert float(rows[key]) == Costs.model_fields[key].default, key


def test_the_workshop_handout_keeps_each_word_in_its_cell_and_on_the_page(tmp_path, bijstand):
    """A round played by one person and the bots, to its end; its handout once had headers run
    into each other and pictures touching."""
    from report.handout import handout
    from workshop.debrief import debrief
    from workshop.service import Service
    from workshop.store import Store
    service = Service(Store(tmp_path / "workshop.sqlite"))
    text = (ROOT / "scenarios" / "bijstand.yaml").read_text(encoding="utf-8")
    code, fkey = service.create(text, "bijstand.yaml", tables={"A": "chaos", "B": "integral"}, citizens=10, seed=3,
                                timer_minutes=600, tick_minutes=10, round_days=2, pace=480 / 3600)
    service.take_seat(code, service.join(code, "Fien"), "A", "kcc")
    service.start(code, fkey)
    for _ in range(5000):
        if all(table.over for table in service.open(code).tables.values()):
            break
        service.tick(code)
    tables = service.played(code, fkey)[1]
    report = debrief(tables, 10, workers=1, names={"A": "chaos", "B": "integral"})
    journeys = {(1, name): ([e for e in tables[name].log.events if e.citizen == tbl["worst_journeys"][0]["citizen"]],
                            tbl["worst_journeys"][0]["outcome"]) for name, tbl in report.items() if tbl["worst_journeys"]}
    pdf = handout(code, {1: report}, service.scenario(code), "nl", journeys, {1: {"A": "chaos", "B": "integral"}})
    assert len(pages(pdf)) == 5 and layout_problems(pdf) == []    # + the round over time on its own page


def test_no_shipped_preset_is_described_by_another_presets_code():
    """'Als self_service, maar…' in the Dutch description (and in both PDFs): a preset is named by
    the name the reader sees ('zelf online'), in every language."""
    from sim.language import languages
    from sim.scenario.loader import load_scenario
    from sim.scenario.presets import setting_name
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        sc = load_scenario(path)
        for lang in languages():
            raw = {code for code in presets(sc) if setting_name(code, lang).lower() != code}
            for name, setting in presets(sc).items():
                said = setting.description.get(lang) if setting.description else ""
                assert not set(re.findall(r"[\w-]+", said)) & raw, (path.name, name, lang, said)


def test_the_report_names_an_overloaded_desk_before_any_figure():
    from tests.conftest import build, scenario_dict
    data = scenario_dict(horizon_days=20)
    data["roles"][0].update(staff=1, service_minutes={"dist": "exponential", "mean": 60})   # 10 a day × 60 min > 8 h
    sc = build(data)
    runs = run_many_for_app([(sc, resolve_setting(sc, n)) for n in ("chaos", "chain_knowledge")], 20, 2, 1,
                            workers=1, warmup_days=0)
    assert "a" in runs[0].overloaded
    first = pages(pdf_report(dict(zip(("verkokerd", "ketenkennis"), runs)), sc, "nl", warmup_days=0))[0]
    warning = first.index("overbelast onder verkokerd: A")
    assert warning < first.index("Doorverwijzingen") and warning < first.index("Onder verkokerd zag")
