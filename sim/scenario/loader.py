"""Load a scenario file safely and explain every problem with file, line and field.

Scenario files are data, never code: only YAML's safe constructors run, and the node
graph is measured *before* anything expands it, so an alias bomb or a deeply nested
file is refused in milliseconds instead of eating memory.
"""

from __future__ import annotations

import difflib
import math
import re
import typing
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent, MappingStartEvent, ScalarEvent, SequenceStartEvent
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from sim import language
from sim.scenario.distributions import DIST_NAMES, MIN_MINUTES
from sim.scenario.messages import HugeNumber, render
from sim.scenario.references import check_references
from sim.scenario.schema import Scenario

try:                                    # libyaml's parser, when PyYAML was built with it: 10x faster
    from yaml._yaml import CParser
except ImportError:                     # pragma: no cover - every PyYAML wheel has it
    CParser = None

MAX_BYTES = 2_000_000
MAX_NODES = 20_000       # values in the file (keys, items, scalars); bijstand.yaml has 1,400
MAX_EXPANDED = 200_000   # values once every alias is written out: more is an alias bomb
MAX_DEPTH = 40
MAX_DIGITS = 20          # a longer integer is beyond every limit of the schema (the largest is 1e8)


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
    def __init__(self, key: str, params: dict, line: int | None = None, path: tuple = ()):
        self.key, self.params, self.line, self.path = key, params, line, path


_YAML = "tag:yaml.org,2002:"
_PLAIN = {ScalarEvent: {_YAML + t for t in ("str", "int", "float", "bool", "null")},
          SequenceStartEvent: {_YAML + "seq"}, MappingStartEvent: {_YAML + "map"}}


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag


class _Counting(Composer):
    """Composes the node graph and measures it on the way, before any object is built: the
    values in the file (MAX_NODES), the values once aliases are written out (MAX_EXPANDED: an
    alias bomb), the nesting (MAX_DEPTH), and only plain YAML (no tag that builds an object).
    A refusal stops the parser where it is, so a huge file costs what its first values cost."""

    def __init__(self):
        Composer.__init__(self)
        self._nodes = self._expanded = 0
        self._sizes: dict[str, int] = {}      # anchor -> its values once written out
        self._open: list[int] = []            # the expanded size so far of each node being composed
        self._path: list = []                 # where the node being composed sits (keys and indexes)

    def _refuse(self, key: str, line: int, **params):
        path = tuple(self._path)
        while key == "too_many_values" and path and isinstance(path[-1], int):
            path = path[:-1]
        raise _Refused(key, params, line, path[:5] if key == "too_deep" else path)   # where it starts being deep

    def compose_node(self, parent, index):
        event = self.peek_event()
        line = event.start_mark.line + 1
        pushed = parent is not None and index is not None
        if pushed:
            self._path.append(index if isinstance(index, int) else getattr(index, "value", "?"))
        try:
            if isinstance(event, AliasEvent):
                node = Composer.compose_node(self, parent, index)     # an undefined alias: ComposerError
                size = self._sizes.get(event.anchor)
                if size is None:                                      # the anchor's own node is still open
                    self._refuse("alias_self", line)
                self._expanded += size
                if self._expanded > MAX_EXPANDED:
                    self._refuse("alias_bomb", line, n=MAX_EXPANDED)
            else:
                if event.tag not in (None, "!") and event.tag not in _PLAIN.get(type(event), ()):
                    self._refuse("yaml_tag", line, tag=_short_tag(event.tag))
                self._nodes += 1
                self._expanded += 1
                if self._nodes > MAX_NODES:               # named by the list that grew too long, not its item
                    self._refuse("too_many_values", line, n=MAX_NODES)
                if len(self._open) > MAX_DEPTH:
                    self._refuse("too_deep", line, depth=MAX_DEPTH)
                self._open.append(1)
                node = Composer.compose_node(self, parent, index)
                size = self._open.pop()
                if event.anchor is not None:
                    self._sizes[event.anchor] = size
                if node.tag == _YAML + "value":                       # a lone '=': text, not a YAML 1.1 'value'
                    node.tag = _YAML + "str"
            if self._open:
                self._open[-1] += size
            if index is None and isinstance(parent, yaml.MappingNode) and not isinstance(node, yaml.ScalarNode):
                self._refuse("complex_key", line)
            return node
        finally:
            if pushed:
                self._path.pop()


class _Constructor(SafeConstructor):
    """YAML's safe constructors, but a scalar that cannot be what its tag says stays text (the
    schema then says what the field needs) and a number too large for Python is a HugeNumber."""

    def construct_yaml_int(self, node):
        if sum(c.isdigit() for c in node.value) > MAX_DIGITS:
            return HugeNumber(node.value)
        try:
            return super().construct_yaml_int(node)
        except ValueError:                          # `!!int ten`
            return self.construct_scalar(node)

    def construct_yaml_float(self, node):
        try:
            value = super().construct_yaml_float(node)
        except ValueError:                          # `!!float ten`
            return self.construct_scalar(node)
        written_inf = node.value.lower().lstrip("+-") == ".inf"
        return HugeNumber(node.value) if math.isinf(value) and not written_inf else value

    def construct_yaml_bool(self, node):
        try:
            return super().construct_yaml_bool(node)
        except KeyError:                            # `!!bool maybe`
            return self.construct_scalar(node)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):         # 2024-13-45 looks like a date but is none
            return self.construct_scalar(node)


for _tag in ("int", "float", "bool", "timestamp"):
    _Constructor.add_constructor(_YAML + _tag, getattr(_Constructor, f"construct_yaml_{_tag}"))


class _PyLoader(Reader, Scanner, Parser, _Counting, _Constructor, Resolver):
    """PyYAML's own parser: its error messages are the ones explained in plain words below."""

    def __init__(self, text: str):
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        _Counting.__init__(self)
        _Constructor.__init__(self)
        Resolver.__init__(self)


if CParser is not None:
    class _FastLoader(_Counting, CParser, _Constructor, Resolver):
        """libyaml's parser under the same counting composer: a valid file in milliseconds."""

        def __init__(self, text: str):
            CParser.__init__(self, text)
            _Counting.__init__(self)
            _Constructor.__init__(self)
            Resolver.__init__(self)
else:                                   # pragma: no cover
    _FastLoader = _PyLoader


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
    if "expected '<document start>'" in problem:       # after the first value: a directive, a ']', an indent
        directive = re.search(r"^%", text, re.MULTILINE)
        if directive:
            return text.count("\n", 0, directive.start()) + 1, "yaml_reserved", {"char": "%"}
        if "block mapping start" not in problem:
            stray = re.search(r"but found '(.*?)'", problem)
            return at, "yaml_stray", {"char": stray.group(1) if stray else "?"}
        return at, "yaml_indent", {}                  # the first line indented more than the ones below it
    closing = re.search(r"but found '([\]},])'$", problem)
    if closing:                                        # a ']' '}' or ',' that closes nothing
        return at, "yaml_stray", {"char": closing.group(1)}
    if "expected <block end>" in problem or "expected '-' indicator" in problem or "block mapping" in context:
        return at, "yaml_indent", {}
    if "mapping values are not allowed" in problem:
        return at, "yaml_colon_in_value", {}
    if "undefined alias" in problem:
        return at, "yaml_alias", {}
    if "duplicate anchor" in context:
        anchor = re.search(r"anchor '(.*)'", context)
        return at, "yaml_anchor_twice", {"anchor": anchor.group(1) if anchor else "?", "first": began}
    if "expected a single document" in context:
        return at, "yaml_documents", {}
    found = re.search(r"found (?:character )?'(.*?)'", problem)
    char = found.group(1) if found else "?"
    if "cannot start any token" in problem:                    # @ and ` are YAML's own
        return at, "yaml_reserved", {"char": char}
    if "directive" in context:                                 # a line that starts with %
        return at, "yaml_reserved", {"char": "%"}
    if "tag" in context or "tag handle" in problem:            # `!x!y z`, `!<x`: a tag, and a broken one
        tag = re.search(r"'(!.*?)'", problem)
        return at, "yaml_tag", {"tag": tag.group(1) if tag else "!"}
    if "chomping or indentation" in problem:                   # `story: | text` or `>x`
        return at, "yaml_block_scalar", {}
    if "expected alphabetic or numeric character" in problem and ("anchor" in context or "alias" in context):
        return at, "yaml_anchor_name", {}
    if "sequence entries are not allowed here" in problem:
        return at, "yaml_dash", {}
    if "expected a comment or a line break" in problem:       # `name: 'x' y`
        return at, "yaml_trailing", {"char": char}
    if "expected the node content" in problem:                # a stray ] , or }
        return at, "yaml_stray", {"char": char}
    if "mapping keys are not allowed here" in problem:        # a '?' (YAML's long-key sign) out of place
        return at, "yaml_stray", {"char": "?"}
    return at, "yaml_invalid", {"reason": problem or str(err)}


def _compose(text: str, file: str) -> yaml.Node | None:
    """The node graph of ``text``, measured as it is composed (_Counting); libyaml parses, and
    a file it refuses is parsed again by PyYAML, whose messages _yaml_problem knows."""
    try:
        try:
            return _FastLoader(text).get_single_node()
        except yaml.YAMLError:
            return _PyLoader(text).get_single_node()
    except _Refused as err:
        raise ScenarioError([_problem(file, err.line, _field_path(err.path), err.key, **err.params)]) from None
    except yaml.MarkedYAMLError as err:
        if not _SCENARIO_LINE.search(text):
            raise ScenarioError([_problem(file, 1, "", "not_a_scenario")]) from None
        line, key, params = _yaml_problem(err, text)
        raise ScenarioError([_problem(file, line, "", key, **params)]) from None
    except ReaderError as err:                  # a control character that a text file does not hold
        line = text.count("\n", 0, err.position) + 1 if isinstance(err.position, int) else None
        char = f"U+{err.character:04X}" if isinstance(err.character, int) else repr(err.character)
        raise ScenarioError([_problem(file, line, "", "control_char", char=char)]) from None
    except yaml.YAMLError as err:
        raise ScenarioError([_problem(file, None, "", "yaml_invalid", reason=str(err))]) from None
    except RecursionError:
        raise ScenarioError([_problem(file, None, "", "too_deep", depth=MAX_DEPTH)]) from None


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
        return _Constructor().construct_document(root)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        reason = err.problem or str(err)
        key = "yaml_merge" if isinstance(err, ConstructorError) and "merging" in reason else "yaml_code"
        raise ScenarioError([_problem(file, mark.line + 1 if mark else None, "", key, reason=reason)]) from None


def _key_name(key: yaml.Node) -> str:
    """A key as pydantic names it: `null:` and `~:` are 'None', `true:` is 'True'."""
    if key.tag == _YAML + "null":
        return "None"
    if key.tag == _YAML + "bool":
        return str(key.value.lower() in ("true", "yes", "on"))
    return key.value if isinstance(key, yaml.ScalarNode) else ""


def _line_of(root: yaml.Node | None, loc: tuple) -> int | None:
    """Line of the deepest node on ``loc`` that exists in the file (1-based)."""
    node, line = root, (root.start_mark.line + 1 if root is not None else None)
    for part in loc:
        nxt = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if _key_name(k) == str(part):
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
_NUMERIC = {*_LIMITS, "finite_number", "float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}
_RANGED = {"gt", "ge", "lt", "le", "number", "whole_number", "finite", "number_too_large"}   # say what is valid


def _bounds(loc: tuple) -> tuple:
    """The limits of the field at ``loc``, as (("gt", 0), ("le", 3650)): a message about a
    number says which numbers would do (sim.scenario.messages writes them out)."""
    field = _field_at(loc)
    limits = [(op, getattr(meta, op)) for meta in (field.metadata if field else [])
              for op in ("gt", "ge", "lt", "le") if getattr(meta, op, None) is not None]
    return tuple(limits)


def _field_at(loc: tuple):
    model = _model_at(loc) if loc else None
    return model.model_fields.get(str(loc[-1])) if model is not None else None


def _is_text(loc: tuple) -> bool:
    """Whether the field at ``loc`` is a text in every language (a string, or {nl: …, en: …})."""
    field = _field_at(loc)
    return field is not None and "sim.scenario.text.Text" in str(field.annotation)


def _explain(err: dict) -> tuple[str, tuple]:
    """A pydantic error as (message key, values) in the trainer's terms."""
    kind, loc, ctx = err["type"], err["loc"], err.get("ctx", {})
    got = {"value": err["input"]} if "input" in err and not isinstance(err["input"], (dict, list)) else {}
    if isinstance(err.get("input"), HugeNumber) and kind in _NUMERIC:
        huge = err["input"]
        return "number_too_large", (("number", huge.shown), ("bounds", _bounds(loc)))
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
    elif kind == "finite_number":
        kind, params = "finite", got
    elif kind == "int_parsing_size":                        # "99999…" in quotes, more digits than any int
        text = str(err["input"])
        kind, params = "number_too_large", {"number": text if len(text) <= 24 else f"{text[:12]}…{text[-6:]}"}
    elif kind == "string_too_short":
        kind, params = "text_too_short", {"min": ctx.get("min_length", 1), **got}
    elif kind == "invalid_key":                             # `null: x` or `5: x` where a name is needed
        kind, params = "key_not_text", got
    elif kind in ("dict_type", "model_type") and _is_text(loc):   # a list where a text (per language) goes
        kind, params = "local_text", got
    elif kind == "value_error" and "patience factor" in err["msg"]:
        kind, params = "patience", got
    elif kind in _SIMPLE:
        kind, params = _SIMPLE[kind], (got if _SIMPLE[kind] not in ("missing", "unknown_dist", "no_dist") else {})
    else:
        kind, params = "other", {"text": err["msg"]}
    kind = {"extra_forbidden": "unknown_key"}.get(kind, kind)
    if kind in _RANGED:
        params = {**params, "bounds": _bounds(loc)}
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
    if "\x00" in text[:8192]:
        raise ScenarioError([_problem(file, text.count("\n", 0, text.index("\x00")) + 1, "", "binary")])
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
            key, params = _explain(err)
            field = _field_path(loc[:-1] if key == "key_not_text" else loc)   # the mapping, not the bad key
            problems.append(Problem(file, _line_of(root, loc), field, key, params))
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
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)          # never more: /dev/zero or a 30 MB log is refused at once
    except OSError as err:
        raise ScenarioError([_problem(str(path), None, "", "cannot_read", reason=err.strerror)]) from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError([_problem(str(path), None, "", "too_large", mb=MAX_BYTES // 1_000_000)])
    return parse_scenario(_text(raw, str(path)), str(path))


def decode(raw: bytes, file: str) -> str:
    """An uploaded file's bytes as text, or a ScenarioError that says why not (as for a file read
    from disk: UTF-16, binary, another encoding, with the line)."""
    return _text(raw, file)


def _text(raw: bytes, file: str) -> str:
    """The file's bytes as text, or the reason they are not UTF-8 text: UTF-16, binary, another encoding."""
    head = raw[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\x00" in head and _utf16_like(head)):
        raise ScenarioError([_problem(file, 1, "", "utf16")])
    if b"\x00" in head:
        raise ScenarioError([_problem(file, raw.count(b"\n", 0, raw.index(b"\x00")) + 1, "", "binary")])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise ScenarioError([_problem(file, line, "", "not_utf8", byte=err.start)]) from None


def _utf16_like(head: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: every other byte zero."""
    even, odd = head[0::2], head[1::2]
    return max(even.count(0), odd.count(0)) > 0.4 * len(odd) > 0 and min(even.count(0), odd.count(0)) == 0
