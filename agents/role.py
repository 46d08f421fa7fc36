"""A role: one desk or professional function with its staff, as a Mesa agent.

Staff capacity is a SimPy resource, so queueing at a desk behaves like an M/G/c queue
(checked against Erlang C in tests/test_theory.py).
"""

from __future__ import annotations

import mesa
import simpy

from sim.schema import Role


class RoleAgent(mesa.Agent):
    def __init__(self, model: mesa.Model, role: Role, env: simpy.Environment):
        super().__init__(model)
        self.role = role
        self.id = role.id
        self.staff = simpy.Resource(env, capacity=role.staff)
        self._sample = role.service_minutes.sample
        self.contacts = 0
        self.busy_minutes = 0.0

    def service_minutes(self, rng) -> float:
        return self._sample(rng)

    @property
    def queue_length(self) -> int:
        return len(self.staff.queue)
