"""The hand-off network: roles as nodes, a hand-off as an edge, counted by the events' one rule.

A fold over events too: every event that :func:`sim.events.kinds.handoff` calls a hand-off adds
one to its edge (from, to, wrong), so the network counts exactly what the fold's ``handoffs``
counts — the app's chart, the PDF, the workshop's live network and the debrief draw it.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from sim.events.kinds import handoff

Edges = dict[tuple[str, str, bool], int]      # (from, to, wrong) -> hand-offs


class HandoffLog:
    """An event log that counts the hand-offs of every citizen it hears and keeps the events of
    the first replication (enough to replay any citizen's journey without holding every event)."""

    def __init__(self):
        self.events: list = []
        self.edges: Counter = Counter()

    def write(self, replication: int, events: list) -> None:
        count(events, self.edges)
        if replication == 0:
            self.events.extend(events)


def count(events, edges: Counter) -> Counter:
    """Add the hand-offs among ``events`` to ``edges``."""
    for e in events:
        h = handoff(e)
        if h is not None:
            edges[(h.source, h.target, h.wrong)] += 1
    return edges


def handoff_graph(edges: Edges, replications: int = 1) -> nx.DiGraph:
    """Roles as nodes; an edge per (from, to) with hand-offs and wrong ones per replication."""
    graph = nx.DiGraph()
    for (src, dst, wrong), n in edges.items():
        if not graph.has_edge(src, dst):
            graph.add_edge(src, dst, handoffs=0.0, wrong=0.0)
        graph[src][dst]["handoffs"] += n / replications
        if wrong:
            graph[src][dst]["wrong"] += n / replications
    return graph
