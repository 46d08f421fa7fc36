"""Load a scenario file safely and explain every problem with file, line and field.

Scenario files are data, never code: only YAML's safe constructors run, and the node
graph is measured *before* anything expands it, so an alias bomb or a deeply nested
file is refused in milliseconds instead of eating memory.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError

from sim import language
from sim.scenario.distributions import DIST_NAMES, MIN_MINUTES
from sim.scenario.messages import render
from sim.scenario.references import check_references
from sim.scenario.schema import Scenario

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 40


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (file, line, field) and what (a message key)."""

    file: str
    line: int | None
    field: str
    key: str
    params: tuple = ()

    def text(self, lang: str = language.SOURCE) -> str:
        return render(self.key, dict(self.params), lang)

    @property
    def message(self) -> str:
        return self.text(language.SOURCE)

    def render(self, lang: str = language.SOURCE) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.text(lang)}" if self.field else f"{where}: {self.text(lang)}"

    def __str__(self) -> str:
        return self.render(language.SOURCE)


def _problem(file: str, line: int | None, field: str, key: str, **params) -> Problem:
    return Problem(file, line, field, key, tuple(params.items()))


class ScenarioError(Exception):
    """A scenario file that cannot be used; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def render(self, lang: str = language.SOURCE) -> str:
        return "\n".join(p.render(lang) for p in self.problems)


def _field_path(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- YAML: safe parse, size guard, line lookup ----------------------------------------

class _Refused(Exception):
    def __init__(self, key: str, params: dict):
        self.key, self.params = key, params


def _measure(node: yaml.Node, depth: int, memo: dict[int, int], active: set[int]) -> int:
    """Expanded node count (aliases counted every time they are used), with guards."""
    if depth > MAX_DEPTH:
        raise _Refused("too_deep", {"depth": MAX_DEPTH})
    key = id(node)
    if key in memo:
        return memo[key]
    if key in active:
        raise _Refused("alias_self", {})
    active.add(key)
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_measure(child, depth + 1, memo, active) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            size += _measure(k, depth + 1, memo, active) + _measure(v, depth + 1, memo, active)
    active.discard(key)
    memo[key] = size
    if size > MAX_NODES:
        raise _Refused("alias_bomb", {"n": MAX_NODES})
    return size


SCENARIO_KEYS = ("name", "roles", "needs", "profiles", "cases", "horizon_days", "arrivals", "settings")
_SCENARIO_LINE = re.compile(r"^(roles|needs|profiles|cases)\s*:", re.MULTILINE)


def _unclosed_bracket(text: str) -> tuple[str, int] | None:
    """The last '[' or '{' that is never closed, and its line (quotes and comments skipped)."""
    stack: list[tuple[str, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        quote = None
        for ch in line:
            if quote:
                quote = None if ch == quote else quote
            elif ch in "'\"":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                stack.append((ch, number))
            elif ch in "]}" and stack:
                stack.pop()
    return stack[-1] if stack else None


def _yaml_problem(err: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str, dict]:
    """A parser error in plain words, at the line a person would fix."""
    problem, context = err.problem or "", err.context or ""
    at = err.problem_mark.line + 1 if err.problem_mark else None
    began = err.context_mark.line + 1 if err.context_mark else at
    if "could not find expected ':'" in problem:
        return began, "yaml_no_colon", {}
    if "\\t" in problem or "\t" in problem:
        return at, "yaml_tab", {}
    if "quoted scalar" in context:
        return began, "yaml_quote", {"end": at}
    if "flow" in context:
        opened = _unclosed_bracket(text)
        if opened:
            return opened[1], "yaml_bracket", {"open": opened[0], "end": at}
        return began, "yaml_bracket", {"open": "[" if "sequence" in context else "{", "end": at}
    if "expected <block end>" in problem or "expected '-' indicator" in problem or "block mapping" in context:
        return at, "yaml_indent", {}
    if "mapping values are not allowed" in problem:
        return at, "yaml_colon_in_value", {}
    if "undefined alias" in problem:
        return at, "yaml_alias", {}
    return at, "yaml_invalid", {"reason": problem or str(err)}


def _compose(text: str, file: str) -> yaml.Node | None:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as err:
        if not _SCENARIO_LINE.search(text):
            raise ScenarioError([_problem(file, None, "", "not_a_scenario")]) from None
        line, key, params = _yaml_problem(err, text)
        raise ScenarioError([_problem(file, line, "", key, **params)]) from None
    except yaml.YAMLError as err:
        raise ScenarioError([_problem(file, None, "", "yaml_invalid", reason=str(err))]) from None
    except RecursionError:
        raise ScenarioError([_problem(file, None, "", "too_deep", depth=MAX_DEPTH)]) from None
    if node is not None:
        try:
            _measure(node, 0, {}, set())
        except _Refused as err:
            raise ScenarioError([_problem(file, node.start_mark.line + 1, "", err.key, **err.params)]) from None
    return node


def _duplicate_keys(node: yaml.Node, file: str, path: tuple = ()) -> list[Problem]:
    """YAML keeps only the last of two equal keys, silently; a trainer must hear of it."""
    out: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name is not None and name in first:
                out.append(Problem(file, key.start_mark.line + 1, _field_path(path + (name,)), "duplicate_key",
                                   (("key", name), ("first", first[name]))))
            elif name is not None:
                first[name] = key.start_mark.line + 1
            out += _duplicate_keys(value, file, path + (name if name is not None else "?",))
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            out += _duplicate_keys(child, file, path + (i,))
    return out


def _construct(root: yaml.Node | None, file: str):
    """Build plain data from the already-measured node graph, with safe constructors only."""
    if root is None:
        return None
    try:
        return yaml.SafeLoader("").construct_document(root)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        reason = err.problem or str(err)
        raise ScenarioError([_problem(file, mark.line + 1 if mark else None, "", "yaml_code", reason=reason)]) from None


def _line_of(root: yaml.Node | None, loc: tuple) -> int | None:
    """Line of the deepest node on ``loc`` that exists in the file (1-based)."""
    node, line = root, (root.start_mark.line + 1 if root is not None else None)
    for part in loc:
        nxt = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(part):
                    nxt, line = v, k.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            nxt = node.value[part]
            line = nxt.start_mark.line + 1
        if nxt is None:
            continue  # a path part the file does not hold (a union tag); stay at the parent
        node = nxt
    return line


# --- pydantic errors in trainer language ------------------------------------------------

def _model_at(loc: tuple) -> type[BaseModel] | None:
    """The schema class that owns the last key of ``loc`` (to list valid keys)."""
    current: typing.Any = Scenario
    for part in loc[:-1]:
        current = _step_type(current, part)
        if current is None:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _step_type(tp: typing.Any, part: typing.Any) -> typing.Any:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(str(part))
        return _unwrap(field.annotation) if field else None
    if isinstance(tp, tuple):  # a union: pick the member whose tag is `part`
        for member in tp:
            tag = member.model_fields.get("dist") if hasattr(member, "model_fields") else None
            if tag is not None and part in typing.get_args(tag.annotation):
                return member
        return None
    if isinstance(tp, list):
        return tp[0]
    return None


def _unwrap(tp: typing.Any) -> typing.Any:
    """Strip Optional/Annotated; return a class, a tuple (union) or [item type] (list/dict)."""
    origin = typing.get_origin(tp)
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if origin is typing.Annotated:
        return _unwrap(args[0])
    if origin in (list, dict):
        return [_unwrap(args[-1])]
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        inner = [_unwrap(a) for a in args]
        return inner[0] if len(inner) == 1 else tuple(inner)
    return tp


_SIMPLE = {
    "missing": "missing", "union_tag_invalid": "unknown_dist", "union_tag_not_found": "no_dist",
    "string_pattern_mismatch": "id_pattern", "int_parsing": "whole_number", "int_type": "whole_number",
    "int_from_float": "whole_number", "float_parsing": "number", "float_type": "number",
    "bool_parsing": "boolean", "bool_type": "boolean", "string_type": "text", "list_type": "list",
    "dict_type": "mapping", "model_type": "mapping", "model_attributes_type": "mapping",
}
_LIMITS = {"greater_than": "gt", "greater_than_equal": "ge", "less_than": "lt", "less_than_equal": "le"}


def _explain(err: dict) -> tuple[str, tuple]:
    """A pydantic error as (message key, values) in the trainer's terms."""
    kind, loc, ctx = err["type"], err["loc"], err.get("ctx", {})
    got = {"value": err["input"]} if "input" in err and not isinstance(err["input"], (dict, list)) else {}
    if kind == "extra_forbidden":
        model = _model_at(loc)
        valid = sorted(model.model_fields) if model else []
        close = difflib.get_close_matches(str(loc[-1]), valid, n=1)
        params = {"key": loc[-1], "close": close[0] if close else None, "valid": ", ".join(valid)}
    elif kind in _LIMITS:
        kind, params = _LIMITS[kind], {"limit": next(iter(ctx.values())), **got}
    elif kind == "literal_error":
        kind, params = "literal", {"expected": _choices(ctx.get("expected", "")), **got}
    elif kind == "too_short":
        params = {"min": ctx.get("min_length", 1)}
    elif kind == "string_too_long":
        kind, params = "too_long", {"max": ctx.get("max_length")}
    elif kind == "value_error" and "low <= mode" in err["msg"]:
        kind, params = "triangular_order", {}
    elif kind == "value_error" and "(low + mode + high) / 3" in err["msg"]:
        kind, params = "triangular_mean", {"limit": MIN_MINUTES}
    elif kind in ("unknown_language", "no_language"):       # sim.scenario.text's own checks
        params = dict(ctx)
    elif kind in _SIMPLE:
        kind, params = _SIMPLE[kind], (got if _SIMPLE[kind] not in ("missing", "unknown_dist", "no_dist") else {})
    else:
        kind, params = "other", {"text": err["msg"]}
    kind = {"extra_forbidden": "unknown_key"}.get(kind, kind)
    return kind, tuple(params.items())


def _choices(expected: str) -> tuple[str, ...] | str:
    """pydantic's "'none', 'consent' or 'full'" as the values ('none', 'consent', 'full'), so the
    message joins them in the reader's language (sim.scenario.messages); as given when it is not
    a list of quoted values."""
    values = re.findall(r"'((?:[^'\\]|\\.)*)'", expected)
    return tuple(values) if values else expected


_PYDANTIC_PARTS = ("function-", "lax-or-strict[", "json-or-python[", "union[", "tagged-union[")


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's internal parts (function-before[...], a distribution's tag) from a location."""
    out: list = []
    for part in loc:
        internal = isinstance(part, str) and (part == "[key]" or part.startswith(_PYDANTIC_PARTS))
        tag = part in DIST_NAMES and out[-1:] == ["service_minutes"]
        if not (internal or tag):
            out.append(part)
    return tuple(out)


def parse_scenario(text: str, file: str = "<scenario>") -> Scenario:
    """Validate YAML text into a Scenario, or raise ScenarioError with every problem at once."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise ScenarioError([_problem(file, None, "", "too_large", mb=MAX_BYTES // 1_000_000)])
    root = _compose(text, file)
    data = _construct(root, file)
    if not isinstance(data, dict) or not set(data) & set(SCENARIO_KEYS):
        raise ScenarioError([_problem(file, 1, "", "not_a_scenario")])
    problems = _duplicate_keys(root, file)
    scenario = None
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = _clean_loc(err["loc"])
            problems.append(Problem(file, _line_of(root, loc), _field_path(loc), *_explain(err)))
    problems += [Problem(file, _line_of(root, loc), _field_path(loc), key, tuple(params.items()))
                 for loc, key, params in check_references(data)]
    if problems or scenario is None:
        raise ScenarioError(_in_file_order(problems))
    return scenario


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """Each problem once, by line (problems without a line last), keeping the order found."""
    seen, out = set(), []
    for p in problems:
        if (p.line, p.field, p.key, p.params) not in seen:
            seen.add((p.line, p.field, p.key, p.params))
            out.append(p)
    return sorted(out, key=lambda p: p.line if p.line is not None else 10**9)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file (see docs/scenario-format.md)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise ScenarioError([_problem(str(path), None, "", "cannot_read", reason=err.strerror)]) from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError([_problem(str(path), None, "", "too_large", mb=MAX_BYTES // 1_000_000)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ScenarioError([_problem(str(path), None, "", "not_utf8", byte=err.start)]) from None
    return parse_scenario(text, str(path))
