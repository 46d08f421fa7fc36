"""The workshop handout as it is printed (issue 20, point 3): `kastje workshop handout` writes the
PDF of a rehearsed session in the session's language or the one asked for, on A4, every word
inside the page and its cell, every chart at least half the page wide, the charts' numbers
written as the table writes them, and wrong hand-offs told apart without colour."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess

import pdfplumber
import pytest

from sim.cli.main import main
from sim.language import t
from tests.conftest import SCENARIOS
from tests.test_pdfs import layout_problems, pages

BIJSTAND = str(SCENARIOS / "bijstand.yaml")
SIDE = ("handoffs", "retellings", "wrong_referrals", "gave_up_rate", "resolved_rate", "lead_time_days")


def rehearse(db) -> str:
    """A rehearsal (four simulated players at two tables, played to the end); its join code."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["workshop", "rehearse", BIJSTAND, "--players", "4", "--tables", "2", "--citizens", "12",
                     "--round-days", "2", "--pace", "600", "--replications", "3", "--db", str(db), "--json"]) == 0
    return json.loads(out.getvalue())["session"]


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Two sessions in one store: one created and never started, then a rehearsed one, stored as
    played in Dutch."""
    from workshop.service import Service
    from workshop.store import Store
    root = tmp_path_factory.mktemp("handout")
    db = root / "w.sqlite"
    store = Store(db)
    idle, _ = Service(store).create((SCENARIOS / "bijstand.yaml").read_text(encoding="utf-8"), "bijstand.yaml",
                                    {"A": "chaos"}, 5)
    codes = [idle, rehearse(db)]
    store.set_config(codes[1], {**store.session(codes[1])[1], "lang": "nl"})
    return root, db, codes


def _handout(db, out, *extra) -> int:
    return main(["workshop", "handout", "--db", str(db), "--replications", "3", "--out", str(out), *extra])


@pytest.fixture(scope="module")
def pdfs(printed):
    root, db, codes = printed
    assert _handout(db, root / "nl.pdf") == 0                      # the last session, in its language
    assert _handout(db, root / "en.pdf", "--session", codes[1].lower(), "--lang", "en") == 0
    return {"nl": (root / "nl.pdf").read_bytes(), "en": (root / "en.pdf").read_bytes()}


def test_the_handout_of_the_last_session_is_written_in_its_language_or_the_one_asked(pdfs, printed):
    """A rebuilt rehearsal once stopped a second short of its end (the last clock record came
    before it), so no round of a session read back from its store was over: nothing to hand out."""
    code = printed[2][1]
    nl, en = pages(pdfs["nl"]), pages(pdfs["en"])
    assert nl[0].startswith(t("ho_title", "nl")) and f"Sessie {code}" in nl[0]
    assert en[0].startswith(t("ho_title", "en")) and f"Session {code}" in en[0]
    assert len(nl) == len(en) >= 4


def test_every_page_renders_as_a4_and_keeps_each_word_inside_the_page_and_its_cell(pdfs, tmp_path):
    if shutil.which("pdftoppm") is None:
        if os.environ.get("KASTJE_REQUIRE_BROWSER"):
            pytest.fail("pdftoppm (poppler-utils) is missing")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image
    for lang, pdf in pdfs.items():
        assert layout_problems(pdf) == [], lang
        (tmp_path / f"{lang}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(tmp_path / f"{lang}.pdf"), str(tmp_path / lang)],
                       check=True, timeout=60)
        pngs = sorted(tmp_path.glob(f"{lang}-*.png"))
        assert len(pngs) == len(pages(pdf))
        for png in pngs:
            w, h = Image.open(png).size
            assert abs(h / w - 297 / 210) < 0.02, (png.name, w, h)


def test_every_chart_is_at_least_half_the_page_wide_and_no_header_word_is_cut(pdfs):
    """The networks were drawn two to a row (each under half the page) and page 1's headers were
    cut mid-word ('Doorverwijzin' / 'gen')."""
    for lang, pdf in pdfs.items():
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            charts = [(n, image) for n, page in enumerate(doc.pages, 1) for image in page.images]
            assert len(charts) >= 4, lang                  # the band, two networks, a journey
            for n, image in charts:
                assert image["x1"] - image["x0"] >= doc.pages[n - 1].width / 2, (lang, n)
            words = {w["text"] for w in doc.pages[0].extract_words(x_tolerance=1.5)}
        for metric in SIDE:
            for word in t("m_" + metric, lang).split():
                assert word in words, (lang, word)


def test_the_band_charts_numbers_are_written_as_the_table_writes_them():
    """'0,5' on the chart beside '0,50' in the table, '57,1' beside '57%': once rounded apart."""
    from report.charts import band
    from report.format import metric_value
    tables = {name: {"metrics": {"handoffs": h, "resolved_rate": r, "staff_minutes": s},
                     "band": {m: {"mean": 1.0, "range95": [0.5, 2.0]} for m in ("handoffs", "resolved_rate",
                                                                                  "staff_minutes")}}
              for name, h, r, s in (("A", 0.5, 0.5714, 51.7), ("B", 1.364, 0.4286, 216.2))}
    metrics = ["handoffs", "resolved_rate", "staff_minutes"]
    for lang in ("nl", "en"):
        fig = band(tables, metrics, lang)
        said = [[text.get_text() for text in ax.texts] for ax in fig.axes[:3]]
        assert said == [[metric_value(m, tables[n]["metrics"][m], lang) for n in "AB"] for m in metrics], lang
    assert said[1] == ["57%", "43%"]


def test_a_wrong_hand_off_is_dotted_or_dashed_so_it_reads_in_black_and_white(bijstand):
    import matplotlib.collections
    import matplotlib.pyplot as plt

    from report.charts import network_of
    a, b, c = (r.id for r in bijstand.roles[:3])
    d = bijstand.roles[3].id
    fig = network_of({(a, b, False): 3, (b, c, True): 2, (a, c, False): 1, (a, c, True): 1, (a, d, False): 2,
                      (a, d, True): 1}, 1, bijstand, "nl")
    (lines,) = [x for x in fig.axes[0].collections if isinstance(x, matplotlib.collections.LineCollection)]
    broken = [style[1] is not None for style in lines.get_linestyles()]
    plt.close(fig)
    assert sorted(broken) == [False, True, True, True]    # a→b all right: solid; the three with wrong ones not
    from report.charts import DASHED, DOTTED, _wrong_style
    assert [_wrong_style(w, n) for w, n in ((0, 3), (1, 3), (1, 2), (2, 2))] == ["solid", DOTTED, DASHED, DASHED]


def test_handout_mistakes_get_one_clear_line(tmp_path, printed, capsys):
    from workshop.store import Store
    out = tmp_path / "h.pdf"
    assert _handout(tmp_path / "none.sqlite", out) == 2
    assert "no session store" in capsys.readouterr().err and not (tmp_path / "none.sqlite").exists()
    empty = tmp_path / "empty.sqlite"
    Store(empty)
    assert _handout(empty, out) == 2
    assert f"no session in {empty}" in capsys.readouterr().err
    assert _handout(printed[1], out, "--session", "ZZZ999") == 2
    err = capsys.readouterr().err
    assert "no session ZZZ999" in err and printed[2][1] in err and "Traceback" not in err
    assert _handout(printed[1], out, "--session", printed[2][0]) == 2
    assert "no round played to its end" in capsys.readouterr().err
    assert not out.exists()
