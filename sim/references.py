"""Cross-reference checks a schema cannot express: ids, cycles, shares, coherence.

Each problem is returned as (path, message) so the loader can point at the line in the
file, like it does for schema errors.
"""

from __future__ import annotations

import difflib

import networkx as nx

from sim.schema import Scenario

Problem = tuple[tuple, str]
SHARE_TOLERANCE = 0.001


def _hint(name: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(name, valid, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown id '{name}'{hint}; valid: {', '.join(sorted(valid))}"


def _unique_ids(sc: Scenario) -> list[Problem]:
    out = []
    for section in ("roles", "needs", "profiles", "cases"):
        seen: set[str] = set()
        for i, item in enumerate(getattr(sc, section)):
            if item.id in seen:
                out.append(((section, i, "id"), f"id '{item.id}' is used twice in {section}; ids must be unique"))
            seen.add(item.id)
    return out


def _ref_list(path: tuple, names: list[str], valid: list[str]) -> list[Problem]:
    return [((*path, j), _hint(n, valid)) for j, n in enumerate(names) if n not in valid]


def _roles_and_needs(sc: Scenario) -> list[Problem]:
    roles = [r.id for r in sc.roles]
    needs = [n.id for n in sc.needs]
    out = []
    for i, r in enumerate(sc.roles):
        out += _ref_list(("roles", i, "resolves"), r.resolves, needs)
    for i, n in enumerate(sc.needs):
        out += _ref_list(("needs", i, "resolved_by"), n.resolved_by, roles)
        out += _ref_list(("needs", i, "requires"), n.requires, needs)
        if n.id in n.requires:
            out.append((("needs", i, "requires"), f"need '{n.id}' cannot require itself"))
        resolvers = set(n.resolved_by) | {r.id for r in sc.roles if n.id in r.resolves}
        if not resolvers:
            out.append((("needs", i), f"no role resolves need '{n.id}': list a role in resolved_by "
                        "or add the need to a role's resolves"))
    if not any(r.entry for r in sc.roles):
        out.append((("roles",), "no role has entry: true; citizens need at least one desk to walk in"))
    managers = [i for i, r in enumerate(sc.roles) if r.case_manager]
    if len(managers) > 1:
        out.append((("roles", managers[1], "case_manager"), "only one role may be case_manager: true"))
    return out


def _prerequisite_cycles(sc: Scenario) -> list[Problem]:
    graph = nx.DiGraph()
    for n in sc.needs:
        graph.add_edges_from((n.id, req) for req in n.requires if req != n.id)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return []
    index = {n.id: i for i, n in enumerate(sc.needs)}
    loop = " -> ".join([a for a, _ in cycle] + [cycle[0][0]])
    return [(("needs", index[cycle[0][0]], "requires"),
             f"prerequisite cycle {loop}: no citizen could ever meet these needs")]


def _shares(sc: Scenario) -> list[Problem]:
    out = []
    for section in ("profiles", "cases"):
        total = sum(item.share for item in getattr(sc, section))
        if abs(total - 1.0) > SHARE_TOLERANCE:
            out.append(((section,), f"shares of {section} add up to {total:.4g}; they must add up to 1"))
    return out


def _cases(sc: Scenario) -> list[Problem]:
    needs = [n.id for n in sc.needs]
    roles = [r.id for r in sc.roles]
    out = []
    for i, c in enumerate(sc.cases):
        out += _ref_list(("cases", i, "needs"), c.needs, needs)
        if c.presenting not in c.needs:
            out.append((("cases", i, "presenting"), f"presenting need '{c.presenting}' must also be listed in needs"))
        if c.presenting in c.hidden:
            out.append((("cases", i, "hidden"), f"the presenting need '{c.presenting}' cannot be hidden"))
        for j, h in enumerate(c.hidden):
            if h not in c.needs:
                out.append((("cases", i, "hidden", j), f"hidden need '{h}' must also be listed in needs"))
        if c.entry_role is not None and c.entry_role not in roles:
            out.append((("cases", i, "entry_role"), _hint(c.entry_role, roles)))
        for key, days in c.blocked_days.items():
            if key not in c.needs:
                out.append((("cases", i, "blocked_days", key), f"blocked need '{key}' must be one of the case's needs"))
            if not 0 <= days <= 3650:
                out.append((("cases", i, "blocked_days", key), f"{days} days is out of range; valid: 0 to 3650"))
        if len(set(c.needs)) != len(c.needs):
            out.append((("cases", i, "needs"), "a need is listed twice"))
    return out


def _settings(sc: Scenario) -> list[Problem]:
    if any(r.case_manager for r in sc.roles):
        return []
    return [(("settings", name, "coordination"),
             "coordination: case_manager needs a role with case_manager: true")
            for name, s in sc.settings.items() if s.coordination == "case_manager"]


def check_references(sc: Scenario) -> list[Problem]:
    """All cross-reference problems of a schema-valid scenario, in file order."""
    return (_unique_ids(sc) + _roles_and_needs(sc) + _prerequisite_cycles(sc)
            + _shares(sc) + _cases(sc) + _settings(sc))
