"""Cross-reference checks a schema cannot express: ids, cycles, shares, coherence.

They read the file's raw data, not the validated scenario, so they run even when the schema
finds problems too: a trainer gets every problem of a file in one pass. Where a value has
the wrong type the schema says so; these checks skip it rather than guess.

Each problem is returned as (path, message key, values) so the loader can point at the
line in the file and write the message in the reader's language (sim/messages.py).
"""

from __future__ import annotations

import difflib
import graphlib
import math
from typing import Any

from sim.scenario.channels import DEFAULT, STAFFED

Problem = tuple[tuple, str, dict]
SHARE_TOLERANCE = 0.001


def _items(data: dict, section: str) -> list[tuple[int, dict]]:
    value = data.get(section)
    return [(i, item) for i, item in enumerate(value) if isinstance(item, dict)] if isinstance(value, list) else []


def _ids(data: dict, section: str) -> list[str]:
    return [item["id"] for _, item in _items(data, section) if isinstance(item.get("id"), str)]


def _strings(value: Any) -> list[tuple[int, str]]:
    return [(j, v) for j, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def _unknown(path: tuple, name: str, valid: list[str]) -> Problem:
    close = difflib.get_close_matches(name, valid, n=1)
    return path, "unknown_id", {"name": name, "close": close[0] if close else None, "valid": ", ".join(sorted(valid))}


def _ref_list(path: tuple, value: Any, valid: list[str]) -> list[Problem]:
    return [_unknown((*path, j), n, valid) for j, n in _strings(value) if n not in valid]


def _unique_ids(data: dict) -> list[Problem]:
    out = []
    for section in ("roles", "needs", "profiles", "cases"):
        seen: set[str] = set()
        for i, item in _items(data, section):
            rid = item.get("id")
            if isinstance(rid, str):
                if rid in seen:
                    out.append(((section, i, "id"), "used_twice", {"id": rid, "section": section}))
                seen.add(rid)
    return out


def resolvers_of(data: dict) -> dict[str, set[str]]:
    """need -> roles that resolve it (listed on the need or on the role)."""
    out = {nid: {r for _, r in _strings(item.get("resolved_by"))}
           for _, item in _items(data, "needs") if isinstance(nid := item.get("id"), str)}
    for _, role in _items(data, "roles"):
        for _, nid in _strings(role.get("resolves")):
            if nid in out and isinstance(role.get("id"), str):
                out[nid].add(role["id"])
    return out


def _roles_and_needs(data: dict) -> list[Problem]:
    roles, needs = _ids(data, "roles"), _ids(data, "needs")
    out = []
    for i, r in _items(data, "roles"):
        out += _ref_list(("roles", i, "resolves"), r.get("resolves"), needs)
        out += _ref_list(("roles", i, "resolves_from_file"), r.get("resolves_from_file"), needs)
    resolvers = resolvers_of(data)
    for i, n in _items(data, "needs"):
        out += _ref_list(("needs", i, "resolved_by"), n.get("resolved_by"), roles)
        out += _ref_list(("needs", i, "requires"), n.get("requires"), needs)
        nid = n.get("id")
        if isinstance(nid, str):
            if nid in [v for _, v in _strings(n.get("requires"))]:
                out.append((("needs", i, "requires"), "self_require", {"id": nid}))
            if not resolvers.get(nid):
                out.append((("needs", i), "no_resolver", {"id": nid}))
    role_items = _items(data, "roles")
    if isinstance(data.get("roles"), list) and role_items and not any(r.get("entry") is True for _, r in role_items):
        out.append((("roles",), "no_entry", {}))
    managers = [i for i, r in role_items if r.get("case_manager") is True]
    if len(managers) > 1:
        out.append((("roles", managers[1], "case_manager"), "one_case_manager", {}))
    return out


def _prerequisite_cycles(data: dict) -> list[Problem]:
    """Prerequisites that wait on each other: found with the standard library's topological
    sorter (no graph library to load just to validate a file)."""
    graph: dict[str, set[str]] = {}
    index = {}
    for i, n in _items(data, "needs"):
        nid = n.get("id")
        if isinstance(nid, str):
            index.setdefault(nid, i)
            graph.setdefault(nid, set()).update(req for _, req in _strings(n.get("requires")) if req != nid)
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as err:
        cycle = err.args[1]                    # [a, …, a]: each waits on the one after it, reversed
        first = cycle[0] if cycle[0] in index else next(n for n in cycle if n in index)
        loop = " -> ".join(reversed(cycle))
        return [(("needs", index[first], "requires"), "cycle", {"loop": loop})]
    return []


def _shares(data: dict) -> list[Problem]:
    out = []
    for section in ("profiles", "cases"):
        shares = [item.get("share") for _, item in _items(data, section)]
        if not shares or not all(isinstance(s, (int, float)) and not isinstance(s, bool) and math.isfinite(s)
                                 for s in shares):
            continue     # missing, not a number or .nan: the schema says so
        total = sum(shares)
        if abs(total - 1.0) > SHARE_TOLERANCE:
            out.append(((section,), "shares", {"section": section, "total": f"{total:.4g}"}))
    return out


def _cases(data: dict) -> list[Problem]:
    needs, roles = _ids(data, "needs"), _ids(data, "roles")
    out = []
    for i, c in _items(data, "cases"):
        listed = [n for _, n in _strings(c.get("needs"))]
        out += _ref_list(("cases", i, "needs"), c.get("needs"), needs)
        presenting = c.get("presenting")
        if isinstance(presenting, str) and isinstance(c.get("needs"), list) and presenting not in listed:
            out.append((("cases", i, "presenting"), "presenting_unlisted", {"id": presenting}))
        hidden = _strings(c.get("hidden"))
        if presenting in [h for _, h in hidden]:
            out.append((("cases", i, "hidden"), "presenting_hidden", {"id": presenting}))
        for j, h in hidden:
            if h not in listed:
                out.append((("cases", i, "hidden", j), "hidden_unlisted", {"id": h}))
        entry = c.get("entry_role")
        if isinstance(entry, str) and entry not in roles:
            out.append(_unknown(("cases", i, "entry_role"), entry, roles))
        blocked = c.get("blocked_days")
        for key, days in (blocked.items() if isinstance(blocked, dict) else []):
            if key not in listed:
                out.append((("cases", i, "blocked_days", key), "blocked_unlisted", {"id": key}))
            if isinstance(days, (int, float)) and math.isfinite(days) and not 0 <= days <= 3650:   # .nan: the schema says
                out.append((("cases", i, "blocked_days", key), "blocked_range", {"days": days}))
        if len(set(listed)) != len(listed):
            out.append((("cases", i, "needs"), "need_twice", {}))
    return out


def _settings(data: dict) -> list[Problem]:
    settings = data.get("settings")
    if not isinstance(settings, dict) or any(r.get("case_manager") is True for _, r in _items(data, "roles")):
        return []
    return [(("settings", name, "coordination"), "case_manager_needed", {})
            for name, st in settings.items() if isinstance(st, dict) and st.get("coordination") == "case_manager"]


def _channels(data: dict) -> list[Problem]:
    """Routes name a profile (or 'default') and a role that exists; a contact person serves one
    of the route's staffed channels; a digital-first need can be done online; predictable needs
    belong to their case."""
    roles, profiles = _ids(data, "roles"), _ids(data, "profiles")
    served = {r["id"]: [c for _, c in _strings(r.get("channels", [DEFAULT]))] for _, r in _items(data, "roles")
              if isinstance(r.get("id"), str)}
    out = []
    routes = data.get("routes")
    for name, route in (routes.items() if isinstance(routes, dict) else []):
        if name != "default" and name not in profiles:
            close = difflib.get_close_matches(str(name), ["default", *profiles], n=1)
            out.append((("routes", name), "route_unknown", {"name": name, "close": close[0] if close else None,
                                                            "valid": ", ".join(["default", *sorted(profiles)])}))
        person = route.get("contact_person") if isinstance(route, dict) else None
        if isinstance(person, str):
            if person not in roles:
                out.append(_unknown(("routes", name, "contact_person"), person, roles))
            else:
                channels = [c for _, c in _strings(route.get("channels", [DEFAULT])) if c in STAFFED]
                if channels and not set(channels) & set(served.get(person, [])):
                    out.append((("routes", name, "contact_person"), "contact_person_channel",
                                {"role": person, "channels": ", ".join(channels)}))
    online = {n["id"] for _, n in _items(data, "needs") if isinstance(n.get("id"), str)
              and isinstance(n.get("self_service"), (int, float))}
    needs = _ids(data, "needs")
    settings = data.get("settings")
    for name, st in (settings.items() if isinstance(settings, dict) else []):
        if isinstance(st, dict):
            for j, nid in _strings(st.get("digital_first")):
                if nid not in needs:
                    out.append(_unknown(("settings", name, "digital_first", j), nid, needs))
                elif nid not in online:
                    out.append((("settings", name, "digital_first", j), "not_online", {"id": nid}))
    for i, c in _items(data, "cases"):
        listed = [n for _, n in _strings(c.get("needs"))]
        for j, nid in _strings(c.get("predictable")):
            if nid not in listed:
                out.append((("cases", i, "predictable", j), "predictable_unlisted", {"id": nid}))
    return out


def check_references(data: dict) -> list[Problem]:
    """All cross-reference problems of a scenario file's data, in file order."""
    return (_unique_ids(data) + _roles_and_needs(data) + _prerequisite_cycles(data)
            + _shares(data) + _cases(data) + _settings(data) + _channels(data))
