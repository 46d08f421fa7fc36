"""The compare page's first figures come from the first replications of its runs while the rest
are still running: those must be exactly the runs of that many replications (the same seeds),
so what the page shows first is a real, smaller run, not an estimate."""

from __future__ import annotations

import math

from sim.experiments.app_runs import assemble, run_many_for_app
from sim.scenario.presets import resolve_setting


def _same(a, b) -> None:
    assert a.replications == b.replications and a.edges == b.edges
    assert [e for e in a.events] == [e for e in b.events]
    for x, y in zip(a.citizen_rows, b.citizen_rows, strict=True):
        assert all(x[k] == y[k] or (isinstance(x[k], float) and math.isnan(x[k]) and math.isnan(y[k])) for k in x)
    for k in a.metrics:
        assert a.metrics[k]["mean"] == b.metrics[k]["mean"] or math.isnan(a.metrics[k]["mean"])


def test_the_first_replications_of_a_batch_are_the_run_of_that_many(bijstand):
    requests = [(bijstand, resolve_setting(bijstand, n)) for n in ("chaos", "integral")]
    heard: list[tuple[int, int]] = []
    got: dict[tuple[int, int], tuple] = {}

    def each(request, replication, result):
        heard.append((request, replication))
        got[request, replication] = result

    whole = run_many_for_app(requests, 30, 4, 7, workers=1, warmup_days=10, each=each)
    # replication by replication: both settings' first replications come in before any second one
    assert heard[:2] == [(0, 0), (1, 0)] and heard[2:4] == [(0, 1), (1, 1)]
    small = run_many_for_app(requests, 30, 2, 7, workers=1, warmup_days=10)
    for k, (_, setting) in enumerate(requests):
        early = assemble(setting, 30, 7, [got[k, i] for i in range(2)])
        _same(early, small[k])
        _same(assemble(setting, 30, 7, [got[k, i] for i in range(4)]), whole[k])
    assert whole[0].metrics["handoffs"]["mean"] != small[0].metrics["handoffs"]["mean"]   # 4 are not 2
