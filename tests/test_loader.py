"""Bad input gets a clear error: file, line, field, what would be valid — fast, no traceback."""

from __future__ import annotations

import time

import pytest
import yaml

from sim.language import languages
from sim.scenario.loader import ScenarioError, load_scenario, parse_scenario
from tests.conftest import SCENARIOS, build, scenario_dict

GOOD = yaml.safe_dump(scenario_dict(), sort_keys=False)


def problems(text: str) -> list:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "trainer.yaml")
    return info.value.problems


def test_good_base_scenario_is_valid():
    sc = build(scenario_dict())
    assert [r.id for r in sc.roles] == ["a", "b", "c"]
    assert sc.roles[0].name.get("nl") == "A" == sc.roles[0].name.get("en")   # plain string fills both languages


def test_unknown_key_has_line_field_and_did_you_mean():
    text = GOOD.replace("  staff: 2\n  entry: true\n  resolves:", "  staf: 2\n  entry: true\n  resolves:", 1)
    assert "staf:" in text
    found = problems(text)
    typo = next(p for p in found if p.field == "roles[0].staf")
    assert typo.file == "trainer.yaml"
    assert typo.line == text.splitlines().index("  staf: 2") + 1
    assert typo.field == "roles[0].staf"
    assert "did you mean 'staff'" in typo.message
    assert "valid keys here" in typo.message
    assert any(p.field == "roles[0].staff" and "missing" in p.message for p in found)


def test_unknown_key_inside_distribution_lists_its_own_keys():
    data = scenario_dict()
    data["roles"][0]["service_minutes"] = {"dist": "lognormal", "mean": 8, "sdd": 2}
    found = problems(yaml.safe_dump(data, sort_keys=False))
    msg = " ".join(p.message for p in found)
    assert "did you mean 'sd'" in msg


def test_number_out_of_range_names_the_field_and_the_value():
    data = scenario_dict()
    data["profiles"][0]["self_diagnosis"] = 1.5
    (p,) = problems(yaml.safe_dump(data, sort_keys=False))
    assert p.field == "profiles[0].self_diagnosis"
    assert "less than or equal to 1" in p.message and "1.5" in p.message
    assert p.line is not None


def test_unknown_distribution_lists_valid_ones():
    data = scenario_dict()
    data["roles"][1]["service_minutes"] = {"dist": "gamma", "mean": 3}
    (p,) = problems(yaml.safe_dump(data, sort_keys=False))
    assert "lognormal" in p.message and "triangular" in p.message


@pytest.mark.parametrize("mutate, field, words", [
    (lambda d: d["cases"][0].update(presenting="qq", needs=["qq"]), "cases[0].needs[0]",
     ["unknown id 'qq'", "did you mean 'q'"]),
    (lambda d: d["needs"][1].update(resolved_by=["x"]), "needs[1].resolved_by[0]", ["unknown id 'x'"]),
    (lambda d: d["cases"][0].update(entry_role="zz"), "cases[0].entry_role", ["unknown id 'zz'"]),
    (lambda d: d["profiles"][0].update(share=0.7), "profiles", ["add up to 0.7"]),
    (lambda d: d["cases"][0].update(hidden=["q"]), "cases[0].hidden", ["cannot be hidden"]),
    (lambda d: [r.update(entry=False) for r in d["roles"]], "roles", ["entry"]),
    (lambda d: d["needs"].append({"id": "q", "name": "dup"}), "needs[2].id", ["used twice"]),
])
def test_cross_reference_errors(mutate, field, words):
    data = scenario_dict()
    mutate(data)
    found = problems(yaml.safe_dump(data, sort_keys=False))
    match = [p for p in found if p.field == field]
    assert match, found
    for w in words:
        assert w in match[0].message


def test_prerequisite_cycle_is_named():
    data = scenario_dict()
    data["needs"][0]["requires"] = ["income"]
    data["needs"][1]["requires"] = ["q"]
    (p,) = problems(yaml.safe_dump(data, sort_keys=False))
    assert "cycle" in p.message and "q" in p.message and "income" in p.message


def test_case_manager_setting_needs_a_case_manager_role():
    data = scenario_dict()
    data["roles"][2]["case_manager"] = False
    data["settings"] = {"mine": {"shared_file": "full", "routing_knowledge": 1, "handoff": "warm",
                                 "intake": "broad", "discretion": 0, "coordination": "case_manager"}}
    (p,) = problems(yaml.safe_dump(data, sort_keys=False))
    assert p.field == "settings.mine.coordination"


def test_code_tags_are_refused_not_run():
    text = GOOD + "extra: !!python/object/apply:os.system ['echo pwned']\n"
    (p,) = problems(text)
    assert "not valid YAML" in p.message


def test_broken_yaml_points_at_the_line():
    (p,) = problems("name: x\nroles: [\n  - a\n")
    assert p.line == 2 and "'[' that opens on this line is not closed" in p.message


def test_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb += f"{cur}: &{cur} [{', '.join('*' + prev for _ in range(10))}]\n"
    started = time.perf_counter()
    (p,) = problems(bomb)
    assert time.perf_counter() - started < 5
    assert "alias" in p.message


def test_deep_nesting_is_refused():
    (p,) = problems("x: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nesting" in p.message


def test_recursive_alias_is_refused():
    (p,) = problems("a: &a [1, *a]\n")
    assert "itself" in p.message or "alias" in p.message


def test_oversized_file_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 3_000_000 + "\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(big)
    assert "larger than" in str(info.value)


def test_missing_and_binary_files(tmp_path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "nope.yaml")
    assert "cannot read" in str(info.value)
    binary = tmp_path / "bin.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(ScenarioError) as info:
        load_scenario(binary)
    assert "UTF-8" in str(info.value)


def test_not_a_mapping():
    (p,) = problems("- just\n- a list\n")
    assert "not a kastje scenario" in p.message


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_scenarios_are_valid_and_bilingual(path):
    sc = load_scenario(path)
    texts = [sc.name] + [r.name for r in sc.roles] + [n.name for n in sc.needs] + \
            [p.name for p in sc.profiles] + [c.title for c in sc.cases] + [c.story for c in sc.cases]
    assert all(set(t.root) == set(languages()) or set(t.root) == {"en"} for t in texts)   # every language, or a name
    assert all(t.get(code).strip() for t in texts for code in languages())
    # stories and titles are really translated, not copied
    assert all(c.story.get("nl") != c.story.get("en") for c in sc.cases)


@pytest.mark.parametrize("dist, field", [
    ({"dist": "fixed", "value": 0}, "value"),
    ({"dist": "exponential", "mean": 0.0001}, "mean"),
    ({"dist": "lognormal", "mean": 0.01, "sd": 0.01}, "mean"),
    ({"dist": "triangular", "low": 0, "mode": 0, "high": 0.6}, ""),
])
def test_service_shorter_than_half_a_minute_is_refused(dist, field):
    data = scenario_dict()
    data["roles"][1]["service_minutes"] = dist
    (p,) = problems(yaml.safe_dump(data, sort_keys=False))
    assert p.field == "roles[1].service_minutes" + (f".{field}" if field else "")
    assert "0.5" in p.message


def test_problems_are_written_in_dutch_on_request():
    text = GOOD.replace("  staff: 2\n  entry: true\n  resolves:", "  staf: 2\n  entry: true\n  resolves:", 1)
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "trainer.yaml")
    dutch = info.value.render("nl")
    assert "onbekende sleutel 'staf'; bedoelt u 'staff'? geldige sleutels hier:" in dutch
    assert "verplicht veld ontbreekt" in dutch
    data = scenario_dict()
    data["profiles"][0]["share"] = 0.7
    with pytest.raises(ScenarioError) as info:
        parse_scenario(yaml.safe_dump(data), "x.yaml")
    assert "tellen op tot 0.7; dat moet 1 zijn" in info.value.render("nl")


# --- bad input, found when tried as a new user would (issue 6) ----------------------------

BIJSTAND = (SCENARIOS / "bijstand.yaml").read_text()


def test_an_unknown_lever_value_in_a_setting_is_explained_not_a_traceback():
    text = BIJSTAND.replace("handoff: cold             # DESIGN", "handoff: lukewarm        # DESIGN", 1)
    found = problems(text)
    (p,) = [p for p in found if p.field == "settings.chaos.handoff"]
    assert p.line == text.splitlines().index(next(line for line in text.splitlines() if "lukewarm" in line)) + 1
    assert "must be one of 'cold' or 'warm' (got 'lukewarm')" in p.render("en")
    assert "moet een van deze zijn" in p.render("nl")


def test_a_key_given_twice_is_refused_naming_both_lines():
    text = BIJSTAND + "horizon_days: 90\n"
    (p,) = problems(text)
    first = text.splitlines().index(next(line for line in text.splitlines() if line.startswith("horizon_days"))) + 1
    assert p.field == "horizon_days" and p.line == len(text.splitlines())
    assert f"appears twice in this mapping (first on line {first})" in p.message
    nested = GOOD.replace("  staff: 2\n", "  staff: 2\n  staff: 3\n", 1)
    (p,) = problems(nested)
    assert p.field == "roles[0].staff" and "twice" in p.message


def test_every_problem_in_one_pass():
    data = scenario_dict()
    data["roles"][0]["staf"] = data["roles"][0].pop("staff")      # schema: unknown key, missing staff
    data["roles"][0]["resolves"] = ["qq"]                         # reference: unknown need
    data["profiles"][0]["share"] = 0.5                            # shares do not add up
    data["cases"][0]["entry_role"] = "zz"                         # reference: unknown role
    found = {(p.field, p.key) for p in problems(yaml.safe_dump(data, sort_keys=False))}
    assert {("roles[0].staf", "unknown_key"), ("roles[0].staff", "missing"), ("roles[0].resolves[0]", "unknown_id"),
            ("profiles", "shares"), ("cases[0].entry_role", "unknown_id")} <= found


@pytest.mark.parametrize("broken, line, words", [
    ("name: x\nhorizon_days 120\nroles: []\n", 2, "no ':' between the key and its value"),
    ("name: x\nroles:\n  - id: a\n    staff: 2\n   name: A\n", 5, "indentation of this line"),
    ("name: x\nroles:\n\t- id: a\n", 3, "tab character"),
    ('name: "x\nroles: []\nneeds: []\n', 1, "quote that opens on this line is not closed"),
    ("name: x\nroles: [a, b\nneeds: []\n", 2, "'[' that opens on this line is not closed"),
    ("name: x\nroles: []\ncases:\n  - story: Note: this\n", 4, "':' inside a value; put the value in quotes"),
    ("name: x\nroles: []\ncases:\n  - title: *Van het kastje\n", 4, "starts with '*'"),
])
def test_yaml_mistakes_in_plain_words_at_the_right_line(broken, line, words):
    (p,) = problems(broken)
    assert p.line == line and words in p.message, p
    assert "scanning" not in p.message and "<block" not in p.message
    assert p.render("nl") != p.render("en")


def test_a_file_that_is_no_scenario_says_so():
    readme = (SCENARIOS.parent / "README.md").read_text()
    (p,) = problems(readme)
    assert p.message.startswith("not a kastje scenario") and "alias" not in p.message
    (p,) = problems("services:\n  web: {image: nginx}\n")
    assert p.message.startswith("not a kastje scenario")


def test_setting_names_are_ids_because_the_app_shows_them():
    data = scenario_dict()
    data["settings"] = {"![x](https://example.invalid/x.png)": {
        "shared_file": "full", "routing_knowledge": 1, "handoff": "warm", "intake": "narrow",
        "discretion": 0, "coordination": "none"}}
    (p,) = problems(yaml.safe_dump(data, sort_keys=False))
    assert p.field.startswith("settings.![x]") and "an id is lower case" in p.message and p.line is not None


def _leaves(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _leaves(v, path + (i,))
    else:
        yield path


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def test_any_wrong_value_anywhere_gets_a_message_in_both_languages():
    """No pydantic error type may reach the user as a traceback (as 'literal_error' once did)."""
    base = yaml.safe_load((SCENARIOS.parent / "docs" / "scenario-format.md").read_text().split("```yaml\n")[1]
                          .split("```")[0])
    import copy
    for path in _leaves(base):
        if any(isinstance(part, int) and part > 0 for part in path):
            continue                                  # every kind of field once: the first item of each list
        for bad in ("zz", -1, [1], None):
            data = copy.deepcopy(base)
            _set(data, path, bad)
            try:
                parse_scenario(yaml.safe_dump(data, sort_keys=False), "fuzz.yaml")
            except ScenarioError as err:
                for lang in languages():
                    assert err.render(lang)
