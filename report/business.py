"""The business case in words and cells: a year of each way of working, and what the
difference costs and pays for (no Streamlit here; the compare page and the PDF read it)."""

from __future__ import annotations

from report.format import unsigned_zero
from sim.experiments.business import FTE, YEAR, better
from sim.language import num, t
from sim.scenario.channels import CHANNELS
from sim.scenario.presets import setting_name

ROWS = tuple(YEAR)                                   # the figures of a year, as declared (sim.experiments.business)
MONEY = {key for key, figure in YEAR.items() if figure.unit == "eur"}
LOWER_IS_BETTER = {key for key, figure in {**YEAR, FTE.key: FTE}.items() if figure.better == "lower"}


def amount(key: str, value: float | None, L: str) -> str:
    if value is None:
        return "–"
    return ("€ " if key in MONEY else "") + unsigned_zero(num(value, L, 0 if abs(value) >= 10 or key != "fte" else 1))


def mark(key: str, m: dict, L: str) -> str:
    """' (better)' or ' (worse)' after a paired difference of a year's figure whose interval
    excludes zero, by the figure's declared direction ("fte" and "fte_total": more FTE is worse)."""
    if not clear(m):
        return ""
    good = (m["mean"] < 0) == (better(key) == "lower")
    return f" ({t('better' if good else 'worse', L)})"


def cost_assumptions(sc, L: str) -> list[list[str]]:
    """Every figure the euros and FTE rest on: [what, value, where it comes from] — the scenario's
    ``costs`` section, or the default (sim.scenario.schema.Costs) where the scenario does not say."""
    c, given = sc.costs, sc.costs.model_fields_set
    source = lambda here: t("ca_from_scenario" if here else "ca_default", L)
    whole = lambda x: num(x, L, 0 if float(x).is_integer() else 2)
    rows = [[t("ca_hourly_cost_eur", L), "€ " + whole(c.hourly_cost_eur), source("hourly_cost_eur" in given)]]
    rows += [[t("ca_role_hourly", L, role=r.name.get(L)), "€ " + whole(r.hourly_cost_eur), source(True)]
             for r in sc.roles if r.hourly_cost_eur is not None]
    rows += [[t("ca_fte_hours", L), whole(c.fte_hours), source("fte_hours" in given)],
             [t("ca_working_days_per_year", L), whole(c.working_days_per_year), source("working_days_per_year" in given)],
             [t("ca_yearly_inflow", L), num(sc.yearly_inflow, L, 0), source(True) if c.yearly_inflow is not None else
              t("ca_inflow_default", L, per_day=whole(sc.arrivals.per_day), days=whole(c.working_days_per_year))]]
    rows += [[t("ca_channel_" + channel, L), "€ " + whole(c.channel_cost_eur.get(channel, 0.0)),
              source(channel in c.channel_cost_eur)] for channel in CHANNELS]
    harmed = [n for n in sc.needs if n.harm_per_week_eur]
    rows.append([t("ca_harm", L), "; ".join(f"{n.name.get(L)} € {whole(n.harm_per_week_eur)}" for n in harmed)
                 or "€ 0", source(bool(harmed))])
    return rows


def cell(key: str, m: dict, L: str, sign: bool = False) -> str:
    """A year's figure with its interval ('€ 1.234 [€ 1.000 – € 1.500]'); with ``sign`` a difference,
    each number with its sign before the euro ('+€ 234 [−€ 12 – +€ 480]'; nothing on a zero)."""
    lo, hi = m["ci95"]
    say = (lambda x: _signed(key, x, L)) if sign else (lambda x: amount(key, x, L))
    text = say(m["mean"])
    return text if lo is None else f"{text} [{say(lo)} – {say(hi)}]"


def _signed(key: str, value: float | None, L: str) -> str:
    text = amount(key, None if value is None else abs(value), L)
    if value is None or not any(c in "123456789" for c in text):
        return text
    return ("+" if value > 0 else num(-1, L, 0)[0]) + text


def clear(m: dict) -> bool:
    lo, hi = m["ci95"]
    return lo is not None and hi is not None and (lo > 0 or hi < 0)


def verdict(a: str, b: str, d: dict, L: str) -> str:
    """What the difference costs and what it pays for, each figure only where it is clear."""
    def say(key: str, factor: float = 1.0) -> str:
        m = d[key]
        if not clear(m):
            return t("no_clear_difference", L)
        return ("+" if m["mean"] > 0 else "−") + amount(key, abs(factor * m["mean"]), L)
    return t("bc_verdict", L, a=setting_name(a, L), b=setting_name(b, L), cost=say("cost_eur"),
             fte=("+" if (d["fte_total"]["mean"] or 0) > 0 else "−") + num(abs(d["fte_total"]["mean"] or 0), L, 1)
             if clear(d["fte_total"]) else t("no_clear_difference", L),
             helped=say("resolved"), gave_up=say("gave_up"), harm=say("harm_eur"), failure=say("failure_cost_eur"))
