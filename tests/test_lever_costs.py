"""Every lever costs something through a mechanism (issue 19, docs/model.md "Where each lever
stops paying"): the shared file's minutes to read it, keep it and ask consent, and a file that
misses a need; a warm hand-off's minutes for the sender; and the contact centre answering "where
is my application?" from the file, so first-contact resolution responds to the shared file.

Small runs (bijstand, 200 measured citizens x 6 replications, or one citizen on a small office),
each difference a paired interval that excludes 0, as the app and the CLI call a difference real.
"""

from __future__ import annotations

from sim.events.kinds import Consent, Contact, FileRead, Told
from sim.events.log import MemoryEventLog
from sim.experiments.replications import run_once, run_replications
from sim.experiments.statistics import paired
from sim.scenario.presets import resolve_setting
from sim.scenario.schema import Setting
from tests.conftest import build
from tests.test_mechanisms import INTEGRAL, SERVICE, office

CITIZENS, REPS, SEED = 200, 6, 2026


def with_params(scenario, **params):
    return scenario.model_copy(update={"parameters": scenario.parameters.model_copy(update=params)})


def run(scenario, *overrides, name="chaos"):
    return run_replications(scenario, resolve_setting(scenario, name, list(overrides)), CITIZENS, REPS, SEED)


def difference(base, other, metric: str) -> dict:
    """``other`` − ``base`` per replication (the same seeds, so the same citizens)."""
    return paired(base.per_replication, other.per_replication)[metric]


def test_a_warm_hand_off_costs_the_sender_minutes_and_saves_the_citizen_the_delay(bijstand):
    """Before issue 19 a warm hand-off was free for the sender: warm − cold staff minutes
    +0.37 [−4.4, 5.1] per citizen."""
    cold, warm = run(bijstand), run(bijstand, "handoff=warm")
    more = difference(cold, warm, "staff_minutes")
    assert more["ci95"][0] > 0, more
    assert difference(cold, warm, "lead_time_days")["ci95"][1] < 0          # the citizen saves the delay
    # the cost is the booking: without it the difference is gone
    free = with_params(bijstand, warm_handoff_minutes=0.0)
    assert difference(run(free), run(free, "handoff=warm"), "staff_minutes")["mean"] < more["ci95"][0]


def _one_citizen(data: dict, **levers):
    log = MemoryEventLog()
    data = {**data, "arrivals": {"per_day": 1, "pattern": "batch"}}
    run_once(build(data), Setting(**{**INTEGRAL, **levers}), 1, seed=4, event_log=log)
    return [e for _, e in log.events]


def test_the_file_costs_minutes_to_ask_consent_to_keep_and_to_read():
    """Fixed service times: each contact's minutes are the service, the telling or the reading,
    consent, and keeping the file, so the cost of each shows in the contact it belongs to."""
    data = office(needs=("nx",), presenting="nx")      # d refers nx to x: two contacts, two roles
    data["parameters"] = {"telling_minutes": 5, "file_reading_minutes": 2, "file_keeping_minutes": 3,
                          "consent_minutes": 4, "file_error": 0.0, "need_minutes": 0, "warm_handoff_minutes": 0}
    data["profiles"][0].update(consent=1.0)
    serve = SERVICE["value"]

    def minutes(shared_file):
        events = _one_citizen(data, shared_file=shared_file, coordination="none")
        return [e.minutes for e in events if type(e) is Contact], events

    none, _ = minutes("none")
    assert none == [serve + 5, serve + 5]                               # a telling at each desk
    full, events = minutes("full")
    assert full == [serve + 5 + 3, serve + 2 + 3]                       # told, then read; both kept
    assert [type(e) for e in events].count(FileRead) == 1
    consent, events = minutes("consent")
    assert consent == [serve + 4 + 5 + 3, serve + 2 + 3]                # asked once, at the first telling
    assert [e.given for e in events if type(e) is Consent] == [True]


def test_a_wrong_file_makes_the_citizen_tell_again(bijstand):
    """A file that misses a need or holds a stale fact: the desk finds out and the citizen tells
    their story after all — a telling (DESIGN §2: the role does not have the situation)."""
    right = run(with_params(bijstand, file_error=0.0), "shared_file=full")
    wrong = run(with_params(bijstand, file_error=0.5), "shared_file=full")
    assert right.metrics["retellings"]["mean"] == 0
    assert difference(right, wrong, "retellings")["ci95"][0] > 0
    assert difference(right, wrong, "staff_minutes")["ci95"][0] > 0
    log = MemoryEventLog()
    run_once(with_params(bijstand, file_error=0.5), resolve_setting(bijstand, "chaos", ["shared_file=full"]),
             100, seed=3, event_log=log)
    events = [e for _, e in log.events]
    read = [(e.citizen, e.role) for e in events if type(e) is FileRead]
    told_after_reading = {(e.citizen, e.role) for e in events if type(e) is Told} & set(read)
    assert 0.3 < len(told_after_reading) / len(read) < 0.7           # half the files read were wrong


def test_first_contact_resolution_responds_to_the_shared_file(bijstand):
    """With the file the KCC can say where an application stands; before issue 19 first-contact
    resolution was byte-identical under every shared-file value. A stale file loses it again."""
    none, full = run(bijstand), run(bijstand, "shared_file=full")
    assert difference(none, full, "first_contact_resolution")["ci95"][0] > 0
    assert full.by_desk["kcc"]["mean"] > none.by_desk["kcc"]["ci95"][1]
    stale = run(with_params(bijstand, file_error=1.0), "shared_file=full")
    assert difference(stale, full, "first_contact_resolution")["ci95"][0] > 0
