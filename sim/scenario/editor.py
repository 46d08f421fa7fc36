"""Saving a what-if variant into a scenario file as a new preset, keeping the trainer's text.

The trainer's text stays as it was, every source comment kept, with the new preset after the
others: its own description in every language, and a comment (in the saver's language) saying
where it started and what changed. Staff, citizen mix and inflow are not part of a preset: they
are written into the file itself, visibly (sim.scenario.variant holds what a variant is).
"""

from __future__ import annotations

import json
import re

import yaml

from sim import language
from sim.language import t
from sim.scenario.levers import LEVERS
from sim.scenario.loader import ScenarioError, parse_scenario
from sim.scenario.presets import BUILTIN_PRESETS, presets, setting_name
from sim.scenario.schema import Scenario, Setting
from sim.scenario.text import Text
from sim.scenario.variant import Variant

PRESET_NAME = re.compile(r"^[a-z][a-z0-9_\-]{0,39}$")


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
                start: str | None = None, lang: str = language.SOURCE) -> str:
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
    for lang in language.languages():
        needs = {n.id: n.name.get(lang) for n in sc.needs}
        parts = [_lever_label(key, lang) + " " + lever.said(getattr(setting, key), lang, needs)
                 for key, lever in LEVERS.items() if getattr(setting, key) != getattr(base, key)]
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
    lines += [f"    {code}: {json.dumps(setting.description.get(code), ensure_ascii=False)}" for code in language.languages()]
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
