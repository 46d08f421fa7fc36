"""``kastje validate`` and ``kastje show``: a trainer's quick checks of a scenario file.

Kept apart from the commands that run the model, so they load only the scenario schema and
answer in a fraction of a second.
"""

from __future__ import annotations

import sys

from sim import language
from sim.cli.main import _lang
from sim.language import languages
from sim.scenario.chain import Chain
from sim.scenario.levers import LEVERS
from sim.scenario.loader import ScenarioError, load_scenario
from sim.scenario.presets import presets


def cmd_validate(args) -> int:
    bad = 0
    for path in args.files:
        try:
            scenario = load_scenario(path)
        except ScenarioError as err:
            bad += 1
            print(err.render(_lang(args)), file=sys.stderr)
            continue
        print(f"{path}: valid ({len(scenario.roles)} roles, {len(scenario.needs)} needs, "
              f"{len(scenario.cases)} cases, {len(scenario.profiles)} profiles)")
        workshop_note(path, scenario, _lang(args))
    return 1 if bad else 0


def workshop_note(path, scenario, lang: str) -> None:
    """A note, not an error: a working day no whole-minute tick cuts is fine for the simulation,
    but a workshop cannot play it (workshop.service.check_tick refuses it there)."""
    from workshop.service import Refused, check_tick
    try:
        check_tick(scenario, 1)
    except Refused as err:
        print(f"{path}: {language.t('note', lang)}: {err.render(lang)}")


def cmd_show(args) -> int:
    sc = load_scenario(args.scenario)
    print(" / ".join(dict.fromkeys(sc.name.get(code) for code in languages())))
    print(f"clock {sc.clock.hours_per_day} h/day; horizon {sc.horizon_days} working days per citizen; "
          f"arrivals {sc.arrivals.per_day}/day ({sc.arrivals.pattern})")
    print(f"\nroles ({sum(r.staff for r in sc.roles)} staff):")
    for r in sc.roles:
        flags = ",".join(f for f, on in (("entry", r.entry), ("case manager", r.case_manager)) if on)
        print(f"  {r.id:<14} staff {r.staff:<3} {r.service_minutes.dist:<11} {r.name}"
              + (f"  [{flags}]" if flags else ""))
    print("\nneeds:")
    chain = Chain.of(sc)
    for n in sc.needs:
        by = sorted(chain.resolvers[n.id])
        extra = f"; requires {', '.join(n.requires)}" if n.requires else ""
        term = f"; term {n.legal_term_days:g} d" if n.legal_term_days else ""
        print(f"  {n.id:<14} by {', '.join(by)}; {n.contacts} contact(s){term}{extra}")
    print("\nprofiles:")
    for p in sc.profiles:
        print(f"  {p.id:<18} {p.share:>5.0%}  persistence {p.persistence if p.persistence is not None else '∞'}, "
              f"self-diagnosis {p.self_diagnosis:.2f}, consent {p.consent:.2f}")
    print("\ncases:")
    for c in sc.cases:
        hidden = f" (hidden: {', '.join(c.hidden)})" if c.hidden else ""
        print(f"  {c.id:<22} {c.share:>5.0%}  asks {c.presenting}; needs {', '.join(c.needs)}{hidden}")
        print(f"  {'':<22}        {c.title}")
    print("\nsettings:")
    for name, s in presets(sc).items():
        values = [f"{key}={_value(getattr(s, key))}" for key, lever in LEVERS.items() if lever.applies(sc)]
        print(f"  {name:<16} " + " ".join(values))
    return 0


def _value(value) -> str:
    if isinstance(value, list):
        return ",".join(value) or "-"
    return f"{value:g}" if isinstance(value, float) else str(value)
