"""The break-even answer in words, for the what-if page and ``kastje break-even`` alike (no
Streamlit here): the overloaded desks first, then the verdict with the run size it rests on,
the reason when there is no conclusion, and a table per staffing level."""

from __future__ import annotations

from collections.abc import Callable

from report.format import signed
from sim.language import num, t
from sim.scenario.presets import setting_name
from sim.scenario.schema import Scenario

SHOWN = ("lead_time_days", "gave_up_rate", "year_cost_eur")


def _same(text: str) -> str:
    return text


def _roles(sc: Scenario, L: str, esc: Callable[[str], str] = _same) -> dict[str, str]:
    return {r.id: esc(r.name.get(L)) for r in sc.roles}


def _desks(desks: list[str], offered: dict, abandoned: dict, sc: Scenario, L: str, esc=_same,
           role: str | None = None) -> str:
    """The overloaded desks with their load; the varied role itself as "the role itself"."""
    names = _roles(sc, L, esc) | ({role: t("be_self", L)} if role else {})
    said = []
    for desk in desks:
        load = num(offered[desk], L, 2)
        if desk in abandoned:
            said.append(t("be_desk_abandoned", L, desk=names.get(desk, desk), load=load,
                          share=num(100 * abandoned[desk], L, 0)))
        else:
            said.append(t("be_desk", L, desk=names.get(desk, desk), load=load))
    return "; ".join(said)


def overload_lines(result: dict, sc: Scenario, against: str, L: str, esc: Callable[[str], str] = _same) -> list[str]:
    """Said before any figure: each overloaded desk, under the alternative and at each staffing
    (``esc`` escapes the names a scenario or a trainer gave, for a place that renders markdown)."""
    role = _roles(sc, L, esc).get(result["manager"], result["manager"])
    out = []
    if result["alternative_overloaded"]:
        out.append(t("be_alt_overloaded", L, alt=esc(setting_name(against, L)),
                     desks=_desks(result["alternative_overloaded"], result["alternative_offered"],
                                  result["alternative_abandoned"], sc, L, esc)))
    for k, desks in result["overloaded"].items():
        if desks:
            out.append(t("be_overloaded", L, n=k, role=role,
                         desks=_desks(desks, result["offered"][k], result["abandoned"][k], sc, L, esc,
                                      result["manager"])))
    return out


def verdict_line(result: dict, sc: Scenario, against: str, L: str,
                 esc: Callable[[str], str] = _same) -> tuple[str, str]:
    """("pays" | "never" | "no_conclusion", the sentence)."""
    role = _roles(sc, L, esc).get(result["manager"], result["manager"])
    alt = esc(setting_name(against, L))
    if result["verdict"] == "pays":
        return "pays", t("be_pays", L, n=result["pays_from"], role=role, alt=alt)
    if result["verdict"] == "never":
        return "never", t("be_never", L, most=max(result["differences"]), role=role, alt=alt)
    if result["alternative_overloaded"]:
        return "no_conclusion", t("be_no_conclusion_alt", L, alt=alt)
    wide = [t("be_too_wide", L, metric=t("m_" + r["metric"], L), n=r["staff"],
              half="–" if r["half_width"] is None else _amount(r["metric"], r["half_width"], L),
              precision=_amount(r["metric"], r["precision"], L))
            for r in result["reasons"] if r["kind"] == "too_wide"]
    return "no_conclusion", t("be_no_conclusion", L, cap=num(result["max_citizens"], L, 0), which="; ".join(wide))


def measured_line(result: dict, L: str) -> str:
    """The run size the verdict rests on, how it was grown, and the precision and cap."""
    tried = result["citizens_tried"]
    return t("be_measured", L, citizens=num(result["citizens"], L, 0), reps=result["replications"],
             start=num(tried[0], L, 0), tried=" → ".join(num(n, L, 0) for n in tried),
             lead=_amount("lead_time_days", result["precision"]["lead_time_days"], L),
             gave_up=_amount("gave_up_rate", result["precision"]["gave_up_rate"], L),
             cap=num(result["max_citizens"], L, 0))


def enough_line(result: dict, L: str) -> str | None:
    k = result.get("enough_at")
    if k is None:
        return None
    return t("be_enough", L, next=k + 1, k=k, eur=num(result["per_person_eur"], L, 0),
             busy=num(100 * result["utilisation"][k], L, 0))


def _amount(metric: str, value: float, L: str) -> str:
    """A precision or half-width: days with one decimal, a share in percentage points."""
    if metric == "gave_up_rate":
        return f"{num(100 * value, L, 1)} {t('points', L)}"
    return f"{num(value, L, 1)} {t('days_short', L)}"


def cell(metric: str, d: dict, L: str) -> str:
    """A paired difference with its interval; a share in percentage points, a year's cost in euros."""
    scale, digits = {"gave_up_rate": (100, 1), "year_cost_eur": (1, 0)}.get(metric, (1, 1))
    lo, hi = d["ci95"]
    if d["mean"] is None:
        return "–"
    text = signed(scale * d["mean"], L, digits)
    if lo is not None and hi is not None:
        text += f" [{signed(scale * lo, L, digits)}, {signed(scale * hi, L, digits)}]"
    return text


def table(result: dict, sc: Scenario, L: str) -> list[dict]:
    """Per staffing level: the paired differences, whether it pays, its overloaded desks."""
    names = _roles(sc, L)
    rows = []
    for k, d in result["differences"].items():
        row = {t("be_staff", L): k}
        for m in SHOWN:
            row[t("be_col_" + m, L)] = cell(m, d[m], L)
        row[t("be_col_overloaded", L)] = ", ".join(names.get(r, r) for r in result["overloaded"][k]) or "–"
        row[t("be_col_pays", L)] = t("yes" if result["pays_at"][k] else "no", L)
        rows.append(row)
    return rows
