"""Every bad file gets one clear message, in Dutch and in English, with its place, fast, and never
a traceback (issue 21, point 2).

tests/data/bad/ holds hand-made bad scenarios, each a small valid one with one mistake, and
expected.yaml pairs each with the one problem it must give (line, field, message key, words of
the English and the Dutch text). They are checked through the loader and through
`kastje validate`; a 30 MB file and a list of 990,000 items are made here, at run time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from sim.scenario.loader import MAX_BYTES, ScenarioError, load_scenario, parse_scenario
from tests.conftest import ROOT, scenario_dict

BAD = Path(__file__).parent / "data" / "bad"
EXPECTED = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
FILES = sorted(p.name for p in BAD.iterdir() if p.name != "expected.yaml")
FAST = 2.0      # seconds: generous; most files are refused in a few milliseconds


def refused(path: Path, seconds: float = FAST):
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    took = time.perf_counter() - started
    assert took < seconds, f"{path.name} took {took:.2f} s to refuse"
    return info.value.problems


def test_every_bad_file_is_paired_with_the_message_it_must_give():
    assert len(FILES) >= 30
    assert set(FILES) == set(EXPECTED), set(FILES) ^ set(EXPECTED)


@pytest.mark.parametrize("name", FILES)
def test_a_bad_file_gives_one_message_at_its_place_in_both_languages(name):
    want = EXPECTED[name]
    (problem,) = refused(BAD / name)
    assert (problem.line, problem.field, problem.key) == (want["line"], want["field"], want["key"])
    en, nl = problem.render("en"), problem.render("nl")
    place = f"{BAD / name}:{want['line']}: " + (f"{want['field']}: " if want["field"] else "")
    assert en.startswith(place) and nl.startswith(place)
    assert want["en"] in en and want["nl"] in nl
    assert en != nl and "\n" not in en and "\n" not in nl
    assert "Traceback" not in en and "Error" not in en          # no Python exception's words


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    """The two files too large to keep in git: 30 MB of comment, and a list of 990,000 items that
    stays under the 2 MB a file may have."""
    folder = tmp_path_factory.mktemp("made")
    big = folder / "thirty_mb.yaml"
    with big.open("w") as out:
        out.write("name: big\n")
        for _ in range(30):
            out.write("# " + "x" * 999_997 + "\n")
    huge = folder / "huge_list.yaml"
    huge.write_text("name: huge\nroles: [" + ",".join(["1"] * 990_000) + "]\n")
    assert big.stat().st_size > 30_000_000 and huge.stat().st_size < MAX_BYTES
    return {"big": big, "huge": huge}


def test_a_30_mb_file_is_refused_at_once_without_reading_it_all(made):
    tracemalloc.start()
    try:
        (problem,) = refused(made["big"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert problem.key == "too_large" and "larger than 2 MB" in problem.render("en")
    assert "groter dan 2 MB" in problem.render("nl")
    assert peak < 3 * MAX_BYTES, f"{peak / 1e6:.0f} MB read for a file refused by its size"


def test_a_huge_list_is_refused_fast_and_small_as_a_huge_list_not_an_alias_bomb(made):
    (problem,) = refused(made["huge"])
    assert (problem.line, problem.field, problem.key) == (2, "roles", "too_many_values")
    assert "more than 20000 values" in problem.render("en") and "alias" not in problem.render("en")
    assert "meer dan 20000 waarden" in problem.render("nl")
    tracemalloc.start()
    try:
        refused(made["huge"], seconds=10 * FAST)        # tracemalloc slows Python down several times
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 300_000_000, f"peak {peak / 1e6:.0f} MB"


def test_aliases_are_fine_until_they_expand_beyond_the_limit():
    """An anchor used a few times is ordinary YAML, merge keys too; only the expansion is limited."""
    text = yaml.safe_dump(scenario_dict(), sort_keys=False)
    text = text.replace("  service_minutes:\n    dist: fixed\n    value: 10\n",
                        "  service_minutes: *ten\n").replace(
        "  service_minutes:\n    dist: exponential\n    mean: 10\n",
        "  service_minutes: &ten\n    dist: fixed\n    value: 10\n", 1)
    assert text.count("*ten") == 2
    scenario = parse_scenario(text, "aliases.yaml")
    assert {r.service_minutes.dist for r in scenario.roles} == {"fixed"}
    merged = text.replace("arrivals:\n  per_day: 10\n", "base: &base {per_day: 10}\narrivals:\n  <<: *base\n")
    with pytest.raises(ScenarioError) as info:
        parse_scenario(merged, "merge.yaml")
    (problem,) = info.value.problems                     # the merge works; only the extra key is unknown
    assert (problem.field, problem.key) == ("base", "unknown_key")


@pytest.mark.parametrize("digits", [21, 4300, 4301, 100_000])
@pytest.mark.parametrize("sign", ["", "-"])
def test_numbers_of_any_size_are_out_of_range_not_a_traceback(digits, sign):
    text = yaml.safe_dump(scenario_dict(), sort_keys=False)
    assert "horizon_days: 200\n" in text
    text = text.replace("horizon_days: 200\n", f"horizon_days: {sign}{'9' * digits}\n")
    started = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "big.yaml")
    assert time.perf_counter() - started < FAST
    (problem,) = info.value.problems
    assert (problem.field, problem.key) == ("horizon_days", "number_too_large")
    assert problem.line == text.splitlines().index(next(x for x in text.splitlines() if x.startswith("horizon"))) + 1
    assert "far out of range; valid: more than 0 and at most 3650" in problem.render("en")
    assert "ver buiten het bereik; geldig: meer dan 0 en hooguit 3650" in problem.render("nl")


def _validate(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim.cli.main", "validate", *argv], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})})


@pytest.mark.parametrize("lang, how", [("en", "--lang"), ("nl", "KASTJE_LANG")])
def test_kastje_validate_says_each_bad_file_in_one_line_in_both_languages(made, lang, how):
    """One process for every file: exit 1, nothing on stdout, one line per file on stderr; the
    language from --lang in one run, from the environment in the other."""
    paths = [str(BAD / name) for name in FILES] + [str(made["big"]), str(made["huge"])]
    done = _validate("--lang", lang, *paths) if how == "--lang" else _validate(*paths, env={"KASTJE_LANG": lang})
    assert done.returncode == 1 and done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == len(paths), done.stderr[-2000:]
    for name, line in zip(FILES, lines):
        want = EXPECTED[name]
        assert line.startswith(f"{BAD / name}:{want['line']}: "), line
        assert want[lang] in line and want["nl" if lang == "en" else "en"] not in line, line
    assert lines[-2].startswith(f"{made['big']}: ") and lines[-1].startswith(f"{made['huge']}:2: roles: ")
