"""Mutated scenarios (issue 21, point 3): whatever a trainer does to a shipped scenario — a key
deleted, a value of the wrong type, two values swapped, a number out of range, a random text,
an id twice, a reference to nothing, a line deleted or mistyped — the loader either accepts the
file or refuses it with its own error, each problem at a place (line or field) in Dutch and in
English, and fast; and a file it accepts runs.

250 examples here, the same ones every run (derandomized); the strategies are shared with
bench/fuzz_scenarios.py, which runs 10,000.
"""

from __future__ import annotations

import copy
import gc
import time
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.scenario.loader import ScenarioError, parse_scenario

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = {name: yaml.safe_load((ROOT / "scenarios" / name).read_text(encoding="utf-8"))
           for name in ("bijstand.yaml", "schuldhulp.yaml")}
SLOW = 2.0          # seconds: the slowest validation allowed (generous: a real one takes ~10-40 ms)
UNLOCALISED = {"other", "yaml_invalid", "yaml_code"}   # keys whose text carries pydantic's or PyYAML's English


# --- where to mutate --------------------------------------------------------------------

def paths(doc, prefix: tuple = ()) -> list[tuple]:
    """Every place in the document below the root: keys of mappings and items of lists."""
    out = []
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else []
    for key, value in items:
        out.append((*prefix, key))
        out += paths(value, (*prefix, key))
    return out


def get(doc, path: tuple):
    for part in path:
        doc = doc[part]
    return doc


def _leaves(doc, kind) -> list[tuple]:
    return [p for p in paths(doc) if isinstance(get(doc, p), kind) and not isinstance(get(doc, p), bool)]


REFERENCE_KEYS = {"resolves", "resolves_from_file", "resolved_by", "requires", "needs", "hidden", "presenting",
                  "entry_role", "digital_first", "predictable", "contact_person"}
SECTIONS = ("roles", "needs", "profiles", "cases")

WRONG = st.one_of(
    st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.booleans(), st.none(), st.dates(), st.lists(st.integers(0, 9), max_size=3),
    st.dictionaries(st.text("abcxyz_", min_size=1, max_size=5), st.integers(0, 9), max_size=2),
    st.sampled_from(["60%", "1,5", "ja", "", "~", "2024-01-01", "cold", "warm", "none", "full", "phone", "kcc"]),
)
OUT_OF_RANGE = st.one_of(
    st.sampled_from([-1, -0.5, 0, 0.0, 1.5, 2, 101, 366, 3651, 10_001, 1e9, 1e300, 10**30, -10**30,
                     float("nan"), float("inf"), float("-inf")]),
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**40, 10**40),
)
NEW_ID = st.text("abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=10)


# --- what to do there -------------------------------------------------------------------

def _delete(doc, draw):
    path = draw(st.sampled_from(paths(doc)))
    del get(doc, path[:-1])[path[-1]]


def _retype(doc, draw):
    path = draw(st.sampled_from(paths(doc)))
    get(doc, path[:-1])[path[-1]] = draw(WRONG)


def _swap(doc, draw):
    every = paths(doc)
    a, b = draw(st.sampled_from(every)), draw(st.sampled_from(every))
    if a[:len(b)] == b or b[:len(a)] == a:
        return                                     # one inside the other: nothing to swap
    va, vb = get(doc, a), get(doc, b)
    get(doc, a[:-1])[a[-1]], get(doc, b[:-1])[b[-1]] = copy.deepcopy(vb), copy.deepcopy(va)


def _out_of_range(doc, draw):
    numbers = _leaves(doc, (int, float))
    if numbers:
        path = draw(st.sampled_from(numbers))
        get(doc, path[:-1])[path[-1]] = draw(OUT_OF_RANGE)


def _random_text(doc, draw):
    texts = _leaves(doc, str)
    if texts:
        path = draw(st.sampled_from(texts))
        get(doc, path[:-1])[path[-1]] = draw(st.text(max_size=40))


def _duplicate_id(doc, draw):
    section = doc.get(draw(st.sampled_from(SECTIONS)))
    if isinstance(section, list) and section:
        section.append(copy.deepcopy(draw(st.sampled_from(section))))


def _break_reference(doc, draw):
    refs = [p for p in paths(doc) if any(part in REFERENCE_KEYS for part in p if isinstance(part, str))
            and isinstance(get(doc, p), str)]
    if refs:
        path = draw(st.sampled_from(refs))
        get(doc, path[:-1])[path[-1]] = draw(NEW_ID)


def _typo_key(doc, draw):
    keys = [p for p in paths(doc) if isinstance(p[-1], str)]
    path = draw(st.sampled_from(keys))
    name = path[-1]
    cut = draw(st.integers(0, len(name)))
    typo = draw(st.sampled_from([name[:cut] + name[cut + 1:], name[:cut] + name[cut:cut + 1] + name[cut:],
                                 name.upper(), name + "s"]))
    parent = get(doc, path[:-1])
    if typo and typo not in parent:
        parent[typo] = parent.pop(name)


def _cycle(doc, draw):
    needs = [n for n in doc.get("needs") or [] if isinstance(n, dict) and isinstance(n.get("id"), str)]
    if len(needs) >= 2:
        a, b = draw(st.sampled_from(needs)), draw(st.sampled_from(needs))
        a["requires"], b["requires"] = [b["id"]], [a["id"]]


DATA_OPS = (_delete, _retype, _swap, _out_of_range, _random_text, _duplicate_id, _break_reference, _typo_key, _cycle)

JUNK = " :-[]{}#&*!|>'\"\t%@`,?\\"
INSERTS = ["!!set {a, b}", "!!python/object/apply:os.system ['true']", "!foo bar", "!!binary aGk=", "*nowhere",
           "&a", "9" * 5000, "2024-13-45", ".nan", "-.inf", "1e400", "<<: 5", "? [a, b]\n: c", "---", "\x1b"]


def _delete_line(lines, draw):
    del lines[draw(st.integers(0, len(lines) - 1))]


def _duplicate_line(lines, draw):
    i = draw(st.integers(0, len(lines) - 1))
    lines.insert(i, lines[i])


def _junk_char(lines, draw):
    i = draw(st.integers(0, len(lines) - 1))
    at = draw(st.integers(0, len(lines[i])))
    lines[i] = lines[i][:at] + draw(st.sampled_from(JUNK)) + lines[i][at:]


def _indent(lines, draw):
    i = draw(st.integers(0, len(lines) - 1))
    lines[i] = " " + lines[i] if draw(st.booleans()) else lines[i][1:]


def _insert(lines, draw):
    i = draw(st.integers(0, len(lines) - 1))
    at = draw(st.integers(0, len(lines[i])))
    lines[i] = lines[i][:at] + draw(st.sampled_from(INSERTS)) + lines[i][at:]


def _truncate(lines, draw):
    del lines[draw(st.integers(1, len(lines))):]


TEXT_OPS = (_delete_line, _duplicate_line, _junk_char, _indent, _insert, _truncate)


@st.composite
def mutated(draw) -> tuple[str, str]:
    """(file name, YAML text): a shipped scenario with one to three mutations of its data and,
    one time in three, one of its text."""
    name = draw(st.sampled_from(sorted(SHIPPED)))
    doc = copy.deepcopy(SHIPPED[name])
    for _ in range(draw(st.integers(0, 3))):
        draw(st.sampled_from(DATA_OPS))(doc, draw)
    text = yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
    if draw(st.integers(0, 2)) == 0:
        lines = text.split("\n")
        draw(st.sampled_from(TEXT_OPS))(lines, draw)
        text = "\n".join(lines)
    return name, text


def validate(name: str, text: str) -> tuple[str, float, list]:
    """('valid' | 'refused', seconds, problems): any other exception propagates, as the failure.
    The collector waits while the clock runs: its pauses are Hypothesis's garbage, not the loader's."""
    collecting = gc.isenabled()
    gc.disable()
    started = time.perf_counter()
    try:
        parse_scenario(text, name)
    except ScenarioError as err:
        return "refused", time.perf_counter() - started, err.problems
    finally:
        if collecting:
            gc.enable()
    return "valid", time.perf_counter() - started, []


def bad_problems(problems: list) -> list[str]:
    """The problems that break the contract: no place, no localised text, or the same in nl and en."""
    out = []
    for p in problems:
        en, nl = p.render("en"), p.render("nl")
        if p.line is None and not p.field:
            out.append(f"no place: {en}")
        elif p.key in UNLOCALISED:
            out.append(f"not localised ({p.key}): {en}")
        elif en == nl:
            out.append(f"same text in nl and en: {en}")
    return out


# --- in CI: a few hundred examples, the same ones every run -----------------------------

VALID: list[tuple[str, str]] = []


@settings(max_examples=250, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_a_mutated_scenario_is_accepted_or_refused_in_words_with_a_place(example):
    name, text = example
    outcome, seconds, problems = validate(name, text)
    assert seconds < SLOW, f"validation took {seconds:.2f} s"
    if outcome == "refused":
        assert problems and not bad_problems(problems), bad_problems(problems)
    elif len(VALID) < 40:
        VALID.append(example)


def test_mutated_scenarios_that_are_still_valid_run():
    """A handful of the accepted ones run, small (20 citizens, no warm-up), without a traceback."""
    from sim.errors import RunawayCitizen
    from sim.experiments.replications import run_once
    from sim.scenario.presets import presets
    if not VALID:      # run alone: draw the same examples again
        test_a_mutated_scenario_is_accepted_or_refused_in_words_with_a_place()
    assert len(VALID) >= 5, "too few mutated scenarios stay valid to run any"
    ran = 0
    for name, text in VALID[:: max(1, len(VALID) // 5)][:5]:
        scenario = parse_scenario(text, name)
        setting = next(iter(presets(scenario).values()))
        try:
            model = run_once(scenario, setting, 20, seed=1, warmup_days=0)
        except RunawayCitizen as err:            # a scenario that loops: said in one line, not a crash
            assert err.render("nl") != err.render("en")
            continue
        assert model.ledger is not None
        ran += 1
    assert ran >= 3
