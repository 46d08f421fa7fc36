"""Languages as data: every text in one file per language, the same keys and placeholders in each,
every key the code asks for present, and a language added as a file shows up everywhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import yaml

from sim import language
from sim.language import languages, num, placeholders, t
from sim.scenario.loader import ScenarioError, parse_scenario
from sim.scenario.text import Text
from tests.conftest import ROOT, open_app, scenario_dict

CODE = [p for package in ("sim", "agents", "workshop", "report", "ui") for p in (ROOT / package).rglob("*.py")]
CODE.append(ROOT / "app.py")


def shipped() -> dict[str, dict[str, str]]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["texts"] for p in (ROOT / "locales").glob("*.yaml")}


def test_the_shipped_languages_are_the_files_and_hold_the_same_keys_and_placeholders():
    files = shipped()
    assert set(languages()) == set(files) >= {"nl", "en"}
    keys = set(files[language.SOURCE])
    for code, texts in files.items():
        assert set(texts) == keys, (code, sorted(set(texts) ^ keys)[:10])
        for key, text in texts.items():
            assert text.strip(), (code, key)
            assert placeholders(text) == placeholders(files[language.SOURCE][key]), (code, key)


def test_the_languages_really_differ():
    """A text copied instead of translated is a gap a reader of the other language meets."""
    nl, en = shipped()["nl"], shipped()["en"]
    same = [k for k in en if nl[k] == en[k] and len(en[k]) > 12 and not re.fullmatch(r"[\W\d{}a-z_]*", en[k])]
    assert len(same) < 15, same


def literal_keys() -> set[str]:
    """Every text key the code names literally: t("key", …), render("key", …), Refused("key", …)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in CODE)
    keys = set(re.findall(r"""\bt\(\s*["']([\w.]+)["']\s*,""", source))
    keys |= {"refusal." + k for k in re.findall(r"""\bRefused\(\s*["'](\w+)["']""", source)}
    keys |= {"check." + k for k in re.findall(r"""\b_problem\([^)]*?["'](\w+)["']\s*[,)]""", source)}
    return keys


def derived_keys() -> set[str]:
    """Keys the pages build from a name: an action's button, a citizen's question and answers."""
    keys = {f"a_{q}_{a}" for q in ("go_on", "consent", "tell_hidden") for a in ("yes", "no")}
    keys |= {f"q_{q}" for q in ("first_desk", "go_on", "consent", "tell_hidden")}
    keys |= {f"act_{k}" for k in ("work", "ask", "exception", "defer", "refer", "assign", "transfer", "end")}
    return keys | {f"rule_file_{v}" for v in ("none", "consent", "full")} | {f"ws_at_{s}" for s in ("queue", "desk")}


def test_every_key_the_code_names_exists_in_every_language():
    keys = literal_keys() | derived_keys()
    assert len(keys) > 300                   # the scan finds the code's texts
    for code, texts in shipped().items():
        assert sorted(k for k in keys if k not in texts) == [], code


def test_numbers_follow_the_language():
    assert num(1234.5, "nl") == "1.234,5" and num(1234.5, "en") == "1,234.5"
    assert num(-0.25, "nl", 2) == "-0,25"
    assert num(None, "en") == num(float("nan"), "nl") == "–"


def test_a_scenario_text_falls_back_along_the_languages_and_refuses_an_unknown_one():
    both = Text({"nl": "Loket", "en": "Desk"})
    assert both.get("nl") == "Loket" and both.get("en") == "Desk" and str(both) == "Desk"
    assert Text({"nl": "Loket"}).get("en") == "Loket"          # what the text has, rather than nothing
    assert Text({"en": "Desk"}).get("nl") == "Desk"            # Dutch falls back to English
    data = scenario_dict()
    data["roles"][0]["name"] = {"nl": "A", "em": "A"}
    with pytest.raises(ScenarioError) as info:
        parse_scenario(yaml.safe_dump(data, sort_keys=False), "trainer.yaml")
    (problem,) = info.value.problems
    assert problem.field == "roles[0].name" and problem.line is not None
    assert "unknown language 'em'" in problem.render("en") and "onbekende taal 'em'" in problem.render("nl")


@pytest.fixture
def testish(tmp_path, monkeypatch):
    """A third language in a folder of its own: the English texts marked, numbers written as in German."""
    texts = {key: f"⟨xx⟩ {text}" for key, text in shipped()[language.SOURCE].items()}
    (tmp_path / "xx.yaml").write_text(yaml.safe_dump({"language": {"name": "Testish", "order": 3, "numbers": "de"},
                                                      "texts": texts}, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv(language.ENV, str(tmp_path))
    return tmp_path


def test_a_language_added_as_a_file_is_used_without_a_code_change(testish):
    assert languages()[-1] == "xx" and language.language("xx").name == "Testish"
    assert t("page_compare", "xx").startswith("⟨xx⟩") and num(1234.5, "xx") == "1.234,5"
    env = {**os.environ, language.ENV: str(testish)}
    bad = testish / "bad.yaml"
    bad.write_text("name: x\nroles: []\nneeds: []\nprofiles: []\ncases: []\nhorizon_days: 10\narrivals: {per_day: 1}\n")
    out = subprocess.run([sys.executable, "-m", "sim.cli.main", "validate", str(bad), "--lang", "xx"], cwd=ROOT,
                         env=env, capture_output=True, text=True)
    assert out.returncode == 1 and "⟨xx⟩" in out.stderr, out.stderr
    journey = subprocess.run([sys.executable, "-m", "sim.cli.main", "journey", "scenarios/bijstand.yaml", "--citizens",
                              "5", "--citizen", "1", "--warmup-days", "0", "--lang", "xx"], cwd=ROOT, env=env,
                             capture_output=True, text=True)
    assert journey.returncode == 0 and journey.stdout.count("⟨xx⟩") > 3, journey.stderr[-2000:]


def test_the_app_offers_a_language_added_as_a_file(testish):
    at = open_app(lang="xx")
    choice = at.sidebar.radio[0]
    assert list(choice.options) == [language.language(code).name for code in languages()] and "Testish" in choice.options
    assert at.title[0].value.startswith("⟨xx⟩")
