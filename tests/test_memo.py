"""Replications kept by what they were run from: a view asked again gets the same figures without
running them, and a changed input runs anew."""

from __future__ import annotations

from sim.experiments import memo
from sim.experiments.replications import replication_seeds
from sim.experiments.sweep import apply
from sim.scenario.presets import resolve_setting


def test_kept_replications_are_the_same_figures_and_are_not_run_again(bijstand, monkeypatch):
    memo.forget()
    chaos = resolve_setting(bijstand, "chaos")
    seeds = replication_seeds(3, 2)
    jobs = [(bijstand, chaos, 20, s, i, 5.0) for i, s in enumerate(seeds)]
    first = memo.kept_or_run(jobs, workers=1)
    ran: list[int] = []
    real = memo.run_all
    monkeypatch.setattr(memo, "run_all", lambda task, todo, *a: ran.append(len(todo)) or real(task, todo, *a))
    heard: list[tuple[int, int]] = []
    again = memo.kept_or_run(jobs, workers=1, done=lambda k, n: heard.append((k, n)))
    assert ran == [0] and heard == [(2, 2)] and again == first
    again[0][0]["handoffs"] = "changed"          # a caller changing its copy does not change what is kept
    assert memo.kept_or_run(jobs, workers=1)[0] == first[0]
    sc, st = apply(bijstand, chaos, {"staff.wijkteam": 9})
    other = memo.kept_or_run([(sc, st, 20, seeds[0], 0, 5.0)] + jobs[:1], workers=1)
    assert ran[-1] == 1 and other[1] == first[0] and other[0] != first[0]   # only the new variant ran
