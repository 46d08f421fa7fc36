"""Cross-reference checks a schema cannot express: ids, cycles, shares, coherence.

Each problem is returned as (path, message key, values) so the loader can point at the
line in the file and write the message in the reader's language (sim/messages.py).
"""

from __future__ import annotations

import difflib

import networkx as nx

from sim.schema import Scenario

Problem = tuple[tuple, str, dict]
SHARE_TOLERANCE = 0.001


def _unknown(path: tuple, name: str, valid: list[str]) -> Problem:
    close = difflib.get_close_matches(name, valid, n=1)
    return path, "unknown_id", {"name": name, "close": close[0] if close else None, "valid": ", ".join(sorted(valid))}


def _unique_ids(sc: Scenario) -> list[Problem]:
    out = []
    for section in ("roles", "needs", "profiles", "cases"):
        seen: set[str] = set()
        for i, item in enumerate(getattr(sc, section)):
            if item.id in seen:
                out.append(((section, i, "id"), "used_twice", {"id": item.id, "section": section}))
            seen.add(item.id)
    return out


def _ref_list(path: tuple, names: list[str], valid: list[str]) -> list[Problem]:
    return [_unknown((*path, j), n, valid) for j, n in enumerate(names) if n not in valid]


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
            out.append((("needs", i, "requires"), "self_require", {"id": n.id}))
        resolvers = set(n.resolved_by) | {r.id for r in sc.roles if n.id in r.resolves}
        if not resolvers:
            out.append((("needs", i), "no_resolver", {"id": n.id}))
    if not any(r.entry for r in sc.roles):
        out.append((("roles",), "no_entry", {}))
    managers = [i for i, r in enumerate(sc.roles) if r.case_manager]
    if len(managers) > 1:
        out.append((("roles", managers[1], "case_manager"), "one_case_manager", {}))
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
    return [(("needs", index[cycle[0][0]], "requires"), "cycle", {"loop": loop})]


def _shares(sc: Scenario) -> list[Problem]:
    out = []
    for section in ("profiles", "cases"):
        total = sum(item.share for item in getattr(sc, section))
        if abs(total - 1.0) > SHARE_TOLERANCE:
            out.append(((section,), "shares", {"section": section, "total": f"{total:.4g}"}))
    return out


def _cases(sc: Scenario) -> list[Problem]:
    needs = [n.id for n in sc.needs]
    roles = [r.id for r in sc.roles]
    out = []
    for i, c in enumerate(sc.cases):
        out += _ref_list(("cases", i, "needs"), c.needs, needs)
        if c.presenting not in c.needs:
            out.append((("cases", i, "presenting"), "presenting_unlisted", {"id": c.presenting}))
        if c.presenting in c.hidden:
            out.append((("cases", i, "hidden"), "presenting_hidden", {"id": c.presenting}))
        for j, h in enumerate(c.hidden):
            if h not in c.needs:
                out.append((("cases", i, "hidden", j), "hidden_unlisted", {"id": h}))
        if c.entry_role is not None and c.entry_role not in roles:
            out.append(_unknown(("cases", i, "entry_role"), c.entry_role, roles))
        for key, days in c.blocked_days.items():
            if key not in c.needs:
                out.append((("cases", i, "blocked_days", key), "blocked_unlisted", {"id": key}))
            if not 0 <= days <= 3650:
                out.append((("cases", i, "blocked_days", key), "blocked_range", {"days": days}))
        if len(set(c.needs)) != len(c.needs):
            out.append((("cases", i, "needs"), "need_twice", {}))
    return out


def _settings(sc: Scenario) -> list[Problem]:
    if any(r.case_manager for r in sc.roles):
        return []
    return [(("settings", name, "coordination"), "case_manager_needed", {})
            for name, st in sc.settings.items() if st.coordination == "case_manager"]


def check_references(sc: Scenario) -> list[Problem]:
    """All cross-reference problems of a schema-valid scenario, in file order."""
    return (_unique_ids(sc) + _roles_and_needs(sc) + _prerequisite_cycles(sc)
            + _shares(sc) + _cases(sc) + _settings(sc))
