"""A what-if variant of a scenario: changed levers, staff, citizen mix and inflow.

Kept free of Streamlit so it can be tested directly; the what-if page only collects the
user's choices and hands them here: the variant, its place in the address (so a refresh
brings it back) and the scenario file with the variant saved as a preset.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field

import yaml

from sim.loader import ScenarioError, parse_scenario
from sim.schema import ALL_LEVERS, Scenario, Setting
from sim.settings import BUILTIN_PRESETS, presets
from sim.text import Text
from ui.i18n import TEXTS, pct, setting_name, t

PRESET_NAME = re.compile(r"^[a-z][a-z0-9_\-]{0,39}$")
SWEEP_VALUES = {
    "shared_file": ["none", "consent", "full"],
    "routing_knowledge": [0.0, 0.25, 0.5, 0.75, 1.0],
    "handoff": ["cold", "warm"],
    "intake": ["narrow", "broad"],
    "discretion": [0.0, 0.25, 0.5, 0.75, 1.0],
    "coordination": ["none", "case_manager"],
    "channel_strategy": ["uniform", "differentiated"],
    "proactive": [0.0, 0.25, 0.5, 0.75, 1.0],
}
CHANCES = {"routing_knowledge", "discretion", "proactive"}     # shown and kept in the address in %
# the what-if page in the address: short names, so a link stays readable
URL_NAMES = {"shared_file": "sf", "routing_knowledge": "rk", "handoff": "ho", "intake": "ik", "discretion": "di",
             "coordination": "co", "channel_strategy": "cs", "digital_first": "df", "proactive": "pa"}
URL_KEYS = ("start", *URL_NAMES.values(), "staff", "mix", "inflow")
STAFF_RANGE, INFLOW_RANGE = (1, 500), (0.1, 10_000.0)     # the what-if page's number inputs


@dataclass
class Variant:
    levers: dict
    staff: dict[str, int] = field(default_factory=dict)
    mix: dict[str, float] = field(default_factory=dict)
    per_day: float | None = None

    def setting(self, base: Setting) -> Setting:
        return base.model_copy(update={k: self.levers[k] for k in ALL_LEVERS if k in self.levers})

    def scenario(self, sc: Scenario) -> Scenario:
        """The scenario with this variant's staff, mix and inflow (shares rescaled to 1)."""
        roles = [r.model_copy(update={"staff": int(self.staff.get(r.id, r.staff))}) for r in sc.roles]
        if all(self.mix.get(p.id, p.share) == p.share for p in sc.profiles):
            profiles = sc.profiles       # untouched: no rescaling, so the run equals the original
        else:
            profiles = self._rescaled(sc)
        arrivals = sc.arrivals.model_copy(update={"per_day": self.per_day or sc.arrivals.per_day})
        return sc.model_copy(update={"roles": roles, "profiles": profiles, "arrivals": arrivals})

    def _rescaled(self, sc: Scenario) -> list:
        total = sum(self.mix.get(p.id, p.share) for p in sc.profiles)
        if total <= 0:
            raise ValueError("at least one profile needs a share above 0")
        return [p.model_copy(update={"share": self.mix.get(p.id, p.share) / total})
                for p in sc.profiles if self.mix.get(p.id, p.share) > 0]


def sweep_settings(variant: Variant, base: Setting, lever: str) -> list[tuple[object, Setting]]:
    setting = variant.setting(base)
    return [(value, setting.model_copy(update={lever: value})) for value in SWEEP_VALUES[lever]]


def lever_value(lever: str, value, lang: str, need_names: dict | None = None) -> str:
    """A lever's value as the pages say it: a choice in words, a chance in %, processes by name."""
    if lever == "digital_first":
        return ", ".join((need_names or {}).get(n, n) for n in value) or "–"
    if isinstance(value, (int, float)):
        return pct(value, lang)
    key = f"v_{value}"
    return t(key, lang) if key in TEXTS else str(value)


# --- the variant in the address -----------------------------------------------------------

def to_url(variant: Variant, base: Setting, sc: Scenario) -> dict[str, str | None]:
    """What the variant changes from its starting point, as short address parameters (None:
    as the start), so the address of an untouched variant names only its start."""
    out: dict[str, str | None] = {}
    for lever, short in URL_NAMES.items():
        value, was = variant.levers.get(lever, getattr(base, lever)), getattr(base, lever)
        if lever in CHANCES:
            value, was = round(100 * value), round(100 * was)
        elif lever == "digital_first":
            value, was = ",".join(value) or "-", ",".join(was) or "-"
        out[short] = None if value == was else str(value)
    out["staff"] = ",".join(f"{r.id}:{int(variant.staff[r.id])}" for r in sc.roles
                            if variant.staff.get(r.id, r.staff) != r.staff) or None
    out["mix"] = ",".join(f"{p.id}:{variant.mix[p.id]:g}" for p in sc.profiles
                          if variant.mix.get(p.id, p.share) != p.share) or None
    per_day = variant.per_day
    out["inflow"] = None if per_day is None or per_day == sc.arrivals.per_day else f"{per_day:g}"
    return out


def from_url(params: dict[str, str], sc: Scenario, managed: bool) -> Variant:
    """The variant a (maybe hand-edited) address describes, every value checked against what
    the page offers; a value that does not fit is left out, so the page shows the starting
    point's value there instead of failing."""
    levers = {}
    for lever, short in URL_NAMES.items():
        value = _lever_from_url(lever, params.get(short), sc, managed)
        if value is not None:
            levers[lever] = value
    staff = {k: int(v) for k, v in _pairs(params.get("staff"), {r.id for r in sc.roles}, STAFF_RANGE).items()
             if v == int(v)}
    mix = _pairs(params.get("mix"), {p.id for p in sc.profiles}, (0.0, 1.0))
    inflow = _number(params.get("inflow"), INFLOW_RANGE)
    return Variant(levers, staff, mix, inflow)


def _lever_from_url(lever: str, text: str | None, sc: Scenario, managed: bool):
    if text is None:
        return None
    if lever in CHANCES:
        value = _number(text, (0, 100))
        return None if value is None or value != int(value) else value / 100
    if lever == "digital_first":
        online = {n.id for n in sc.needs if n.self_service is not None}
        chosen = [] if text == "-" else text.split(",")
        return chosen if set(chosen) <= online else None
    allowed = [v for v in SWEEP_VALUES[lever] if managed or v != "case_manager"]
    return text if text in allowed else None


def _number(text: str | None, bounds: tuple[float, float]) -> float | None:
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) and bounds[0] <= value <= bounds[1] else None


def _pairs(text: str | None, ids: set[str], bounds: tuple[float, float]) -> dict[str, float]:
    """'kcc:5,wmo:3' as {id: number}, keeping only known ids with a number within bounds."""
    out = {}
    for item in (text or "").split(","):
        key, _, value = item.partition(":")
        number = _number(value, bounds)
        if key in ids and number is not None:
            out[key] = number
    return out


# --- saving the variant as a preset in the scenario file -----------------------------------

class PresetNameError(ValueError):
    """A name the new preset cannot have; ``key`` names the message the page shows."""

    def __init__(self, key: str, name: str):
        super().__init__(f"'{name}' cannot be a preset name ({key})")
        self.key = key


def check_preset_name(name: str, sc: Scenario) -> None:
    """A new preset needs a name of the format's kind that no preset has yet: a second
    ``chaos`` would silently replace the one every comparison starts from."""
    if not PRESET_NAME.match(name):
        raise PresetNameError("bad_preset_name", name)
    if name in presets(sc) or name in BUILTIN_PRESETS:
        raise PresetNameError("preset_name_taken", name)


def final_shares(variant: Variant, sc: Scenario) -> dict[str, float] | None:
    """The profile shares as the file will hold them (4 decimals, adding up to 1), or None
    when the variant keeps the mix; a profile left out (share 0) is not in it."""
    changed = variant.scenario(sc)
    if changed.profiles is sc.profiles:
        return None
    shares = {p.id: round(p.share, 4) for p in changed.profiles}
    last = changed.profiles[-1].id
    shares[last] = round(1.0 - sum(v for k, v in shares.items() if k != last), 4)
    return shares


def scenario_changes(variant: Variant, sc: Scenario) -> list[tuple[str, str, object, object]]:
    """What the variant changes besides the levers, each (kind, id, old, new): ``staff`` per
    role, ``share`` per profile (new None: left out) and ``inflow``."""
    changed = variant.scenario(sc)
    out = [("staff", a.id, a.staff, b.staff) for a, b in zip(sc.roles, changed.roles) if a.staff != b.staff]
    shares = final_shares(variant, sc)
    if shares is not None:
        out += [("share", p.id, p.share, shares.get(p.id)) for p in sc.profiles if shares.get(p.id) != p.share]
    if changed.arrivals.per_day != sc.arrivals.per_day:
        out.append(("inflow", "", sc.arrivals.per_day, changed.arrivals.per_day))
    return out


def with_preset(text: str, file_name: str, name: str, variant: Variant, base: Setting, sc: Scenario,
                start: str | None = None, lang: str = "en") -> str:
    """The scenario file with this variant added as preset ``name``: the trainer's text as it
    was, every source comment kept, with the new preset after the others — its own description
    in Dutch and English, and a comment (in ``lang``) saying where it started and what changed.

    Staff, citizen mix and inflow are not part of a preset: the format holds them once, for
    every preset in the file. A trainer who saved a variant with more staff expects
    ``kastje run --setting NAME`` to give what the page showed, so they are written into the
    file — visibly: above each changed line a comment says from what to what and for which
    preset, because every other preset in the file now runs with them too (the page says so
    before the download). The result is validated; a file that would not load is never handed out.
    """
    check_preset_name(name, sc)
    start = start or next((n for n, s in presets(sc).items() if s == base), "")
    description = Text(**preset_description(variant, base, sc, start))
    setting = variant.setting(base).model_copy(update={"description": description})
    changes = scenario_changes(variant, sc)
    try:
        out = _edited(text, name, setting, base, start, changes, lang)
        if _holds(out, file_name, name, setting, variant, sc):
            return out
    except (yaml.YAMLError, ScenarioError, LookupError, TypeError, ValueError):
        pass
    out = _redumped(text, name, setting, variant, sc, lang)     # a layout the editor does not know
    parse_scenario(out, file_name)
    return out


def preset_description(variant: Variant, base: Setting, sc: Scenario, start: str) -> dict[str, str]:
    """'Based on siloed: shared case file full, …' in both languages."""
    setting = variant.setting(base)
    out = {}
    for lang in ("nl", "en"):
        needs = {n.id: n.name.get(lang) for n in sc.needs}
        parts = [_lever_label(lever, lang) + " " + lever_value(lever, getattr(setting, lever), lang, needs)
                 for lever in ALL_LEVERS if getattr(setting, lever) != getattr(base, lever)]
        text = t("preset_based_on", lang, start=setting_name(start, lang), changes=", ".join(parts)) if parts \
            else t("preset_as", lang, start=setting_name(start, lang))
        out[lang] = text + (t("preset_scenario_changed", lang) if scenario_changes(variant, sc) else "")
    return out


def _lever_label(lever: str, lang: str) -> str:
    """'Chain knowledge (chance of a right referral)' → 'chain knowledge', for a sentence."""
    label = t("l_" + lever, lang).split(" (")[0]
    return label[:1].lower() + label[1:]


def _yaml_value(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _preset_lines(name: str, setting: Setting, base: Setting, start: str, changes: list, lang: str) -> list[str]:
    """The new preset as YAML lines, with a comment above it and on each lever it changes."""
    body = setting.model_dump(mode="json", exclude_none=True)
    was = base.model_dump(mode="json", exclude_none=True)
    changed = [f"{k}: {_yaml_value(was.get(k))} → {_yaml_value(v)}" for k, v in body.items()
               if k != "description" and v != was.get(k)]
    notes = [t("yaml_saved", lang, name=name, start=start or "?"),
             t("yaml_levers", lang, changes="; ".join(changed)) if changed else t("yaml_levers_same", lang)]
    if changes:
        notes.append(t("yaml_also_changed", lang, changes="; ".join(_change_text(c, lang) for c in changes)))
    lines = [f"# {note}" for note in notes] + [f"{name}:", "  description:"]
    lines += [f"    {code}: {json.dumps(setting.description.get(code), ensure_ascii=False)}" for code in ("nl", "en")]
    for lever, value in body.items():
        if lever != "description":
            extra = f"   # {t('yaml_was', lang, old=_yaml_value(was.get(lever)), start=start)}" \
                if value != was.get(lever) else ""
            lines.append(f"  {lever}: {_yaml_value(value)}{extra}")
    return lines


def _change_text(change: tuple, lang: str) -> str:
    kind, ident, old, new = change
    if kind == "share" and new is None:
        return t("yaml_dropped", lang, profile=ident)
    return t("yaml_" + kind, lang, id=ident, old=_yaml_value(old), new=_yaml_value(new))


class _Text:
    """Edits to a file's text at the places YAML's node marks give, applied from the end of
    the file so the offsets of the others stay valid: the rest stays byte for byte."""

    def __init__(self, text: str):
        self.text, self.edits = text, []

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end + 1

    def replace(self, node, new: str, note: str) -> None:
        """A scalar's new value, with a comment line above its line; a longer value takes the
        spaces after it, so the source comment on its line stays where it was."""
        start = self.line_start(node.start_mark.index)
        indent = re.match(r"[ \t]*", self.text[start:]).group()
        self.edits.append((start, start, f"{indent}# {note}\n"))
        end, old = node.end_mark.index, node.end_mark.index - node.start_mark.index
        spare = len(re.match(r" *", self.text[end:]).group()) - 1
        if spare >= 0 and len(new) < old:
            new = new.ljust(old)
        self.edits.append((node.start_mark.index, end + max(0, min(spare, len(new) - old)), new))

    def after(self, node) -> int:
        """Where the line after ``node``'s last value starts (the comments that follow are not
        the node's); a block scalar already ends at a line start."""
        mark = _last_leaf(node).end_mark
        return mark.index if mark.column == 0 else self.line_end(mark.index)

    def comment_out(self, first, last, note: str) -> None:
        """The lines from node ``first`` to the end of node ``last`` as comments."""
        start, end = self.line_start(first.start_mark.index), self.after(last)
        commented = "".join("# " + line for line in self.text[start:end].splitlines(keepends=True))
        self.edits.append((start, end, f"# {note}\n{commented}"))

    def insert(self, index: int, new: str) -> None:
        self.edits.append((index, index, new))

    def result(self) -> str:
        out = self.text
        for start, end, new in sorted(self.edits, key=lambda e: (e[0], e[1]), reverse=True):
            out = out[:start] + new + out[end:]
        return out


def _last_leaf(node):
    """The last scalar (or one-line {…}/[…]) of a block node: where its text really ends."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    return node


def _pairs_of(node) -> dict:
    if not isinstance(node, yaml.MappingNode):
        raise TypeError("not a mapping")
    return {key.value: (key, value) for key, value in node.value}


def _by_id(node) -> dict:
    if not isinstance(node, yaml.SequenceNode):
        raise TypeError("not a list")
    return {_pairs_of(item)["id"][1].value: item for item in node.value}


def _edited(text: str, name: str, setting: Setting, base: Setting, start: str, changes: list, lang: str) -> str:
    """The file's text with the scenario-wide changes made in place and the preset added."""
    root = _pairs_of(yaml.compose(text, Loader=yaml.SafeLoader))
    edit = _Text(text)
    roles, profiles = _by_id(root["roles"][1]), _by_id(root["profiles"][1])
    routes = _pairs_of(root["routes"][1]) if "routes" in root else {}
    for change in changes:
        kind, ident, _, new = change
        note = t("yaml_note", lang, change=_change_text(change, lang), name=name)
        if kind == "staff":
            edit.replace(_pairs_of(roles[ident])["staff"][1], str(new), note)
        elif kind == "inflow":
            edit.replace(_pairs_of(root["arrivals"][1])["per_day"][1], _yaml_value(float(new)), note)
        elif new is not None:
            edit.replace(_pairs_of(profiles[ident])["share"][1], _yaml_value(new), note)
        else:
            edit.comment_out(profiles[ident], profiles[ident], note)
            if ident in routes:
                edit.comment_out(routes[ident][0], routes[ident][1], note)
    _add_preset(edit, root, _preset_lines(name, setting, base, start, changes, lang))
    return edit.result()


def _add_preset(edit: _Text, root: dict, lines: list[str]) -> None:
    """After the last preset of the file's settings (or as a new settings section)."""
    if "settings" not in root:
        edit.insert(len(edit.text), ("" if edit.text.endswith("\n") else "\n") + "\nsettings:\n" +
                    "".join("  " + line + "\n" for line in lines))
        return
    key, node = root["settings"]
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        at, indent = edit.line_end(key.end_mark.index), "  "
    elif isinstance(node, yaml.MappingNode) and not node.flow_style and node.value:
        at, indent = edit.after(node), " " * node.value[0][0].start_mark.column
    else:
        raise TypeError("settings in a layout the editor does not know")
    prefix = "" if at == 0 or edit.text[at - 1] == "\n" else "\n"
    edit.insert(at, prefix + "".join(indent + line + "\n" for line in lines))


def _holds(out: str, file_name: str, name: str, setting: Setting, variant: Variant, sc: Scenario) -> bool:
    """The edited text loads and says what the variant says."""
    saved, changed = parse_scenario(out, file_name), variant.scenario(sc)
    shares = final_shares(variant, sc) or {p.id: p.share for p in sc.profiles}
    return (saved.settings.get(name) == setting
            and [r.staff for r in saved.roles] == [r.staff for r in changed.roles]
            and saved.arrivals.per_day == changed.arrivals.per_day
            and {p.id: p.share for p in saved.profiles} == shares)


def _redumped(text: str, name: str, setting: Setting, variant: Variant, sc: Scenario, lang: str) -> str:
    """The whole file written anew (comments lost, and said so at the top): only for a layout
    the text editor does not know, such as settings written as one {…} line."""
    data = yaml.safe_load(text)
    changed = variant.scenario(sc)
    for raw, role in zip(data["roles"], changed.roles):
        raw["staff"] = role.staff
    shares = final_shares(variant, sc)
    if shares is not None:
        data["profiles"] = [dict(p, share=shares[p["id"]]) for p in data["profiles"] if p["id"] in shares]
        if isinstance(data.get("routes"), dict):
            data["routes"] = {k: v for k, v in data["routes"].items() if k == "default" or k in shares}
    data["arrivals"]["per_day"] = changed.arrivals.per_day
    if not isinstance(data.get("settings"), dict):
        data["settings"] = {}
    data["settings"][name] = setting.model_dump(mode="json", exclude_none=True)
    return f"# {t('yaml_redumped', lang, name=name)}\n" + \
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
