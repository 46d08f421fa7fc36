"""Named presets of the six levers, and ``--set LEVER=VALUE`` overrides.

The four built-in presets are cumulative steps along the A&O lessons, so a user can see
which lever does what: share the file, then know the chain (right referrals, warm
hand-offs), then work integrally (broad intake, room to decide, a case manager).
A scenario may override any of them or add its own. What each one is, in words, is a text of
the locale files (``set_about_NAME``).
"""

from __future__ import annotations

from pydantic import ValidationError

from sim import language
from sim.errors import UserError
from sim.scenario.chain import Chain
from sim.scenario.levers import LEVERS
from sim.scenario.schema import Scenario, Setting
from sim.scenario.text import Text

BUILTIN_PRESETS: dict[str, Setting] = {
    "chaos": Setting(
        description=Text.of("set_about_chaos"), shared_file="none", routing_knowledge=0.3, handoff="cold", intake="narrow",
        discretion=0.05, coordination="none"),
    "shared_file": Setting(
        description=Text.of("set_about_shared_file"), shared_file="full", routing_knowledge=0.3, handoff="cold", intake="narrow",
        discretion=0.05, coordination="none"),
    "chain_knowledge": Setting(
        description=Text.of("set_about_chain_knowledge"), shared_file="full", routing_knowledge=0.9, handoff="warm", intake="narrow",
        discretion=0.05, coordination="none"),
    "integral": Setting(
        description=Text.of("set_about_integral"), shared_file="full", routing_knowledge=0.95, handoff="warm", intake="broad",
        discretion=0.5, coordination="case_manager"),
}


def setting_name(name: str, lang: str) -> str:
    """A setting as people say it: the built-in presets in the reader's language ("verkokerd",
    "integraal"), a trainer's own preset by the name the trainer gave it."""
    key = "set_" + name
    return language.t(key, lang) if language.has(key, lang) else name


class SettingError(UserError):
    """A setting name or lever value the user gave that does not exist."""


def presets(scenario: Scenario) -> dict[str, Setting]:
    """Built-in presets overlaid with the scenario's own, in a stable order."""
    out = dict(BUILTIN_PRESETS)
    out.update(scenario.settings)
    if Chain.of(scenario).case_manager is None:
        out = {k: v for k, v in out.items() if v.coordination == "none"}
    return out


def resolve_setting(scenario: Scenario, name: str, overrides: list[str] | None = None) -> Setting:
    """The named preset with ``LEVER=VALUE`` overrides applied and validated."""
    available = presets(scenario)
    if name not in available:
        raise SettingError(f"unknown setting '{name}'; valid: {', '.join(available)}")
    values = available[name].model_dump(exclude_none=True)
    for item in overrides or []:
        lever, sep, value = item.partition("=")
        lever = lever.strip()
        if not sep or lever not in LEVERS:
            raise SettingError(f"--set needs LEVER=VALUE with LEVER one of {', '.join(LEVERS)}; got '{item}'")
        values[lever] = LEVERS[lever].parse(value)
    try:
        setting = Setting.model_validate(values)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise SettingError(f"--set {err['loc'][0]}: {err['msg']}") from None
    if setting.coordination == "case_manager" and Chain.of(scenario).case_manager is None:
        raise SettingError("coordination=case_manager needs a role with case_manager: true in the scenario")
    online = [n.id for n in scenario.needs if n.self_service is not None]
    offline = [n for n in setting.digital_first if n not in online]
    if offline:
        raise SettingError(f"digital_first: {', '.join(offline)} cannot be done online in this scenario "
                           f"(a need needs a self_service difficulty); valid: {', '.join(online) or '(none)'}")
    return setting
