"""The chain of a scenario: which role resolves which need, where citizens walk in, who coordinates.

Every part of kastje asks these questions (the engine, the rule-based professional, the
counting, the CLI's `show`, the app's scenario page), so they are answered once, here,
from the scenario alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class Chain:
    roles: tuple[str, ...]
    resolvers: dict[str, tuple[str, ...]]           # need -> roles that can resolve it, in file order
    competent: dict[str, frozenset[str]]            # need -> the same, as a set
    entry: tuple[str, ...]                          # roles a citizen can walk into first
    entry_good: dict[str, tuple[str, ...]]          # need -> entry roles that resolve it
    entry_bad: dict[str, tuple[str, ...]]           # need -> entry roles that do not
    wrong: dict[tuple[str, str], tuple[str, ...]]   # (role, need) -> other roles that cannot resolve it
    case_manager: str | None
    from_file: dict[str, frozenset[str]] = field(default_factory=dict)   # role -> needs it answers when the case file follows

    @classmethod
    def of(cls, scenario: Scenario) -> Chain:
        roles = tuple(r.id for r in scenario.roles)
        resolvers = {n.id: tuple(r.id for r in scenario.roles if r.id in n.resolved_by or n.id in r.resolves)
                     for n in scenario.needs}
        competent = {n: frozenset(rs) for n, rs in resolvers.items()}
        entry = tuple(r.id for r in scenario.roles if r.entry)
        managers = [r.id for r in scenario.roles if r.case_manager]
        return cls(
            roles=roles,
            resolvers=resolvers,
            competent=competent,
            entry=entry,
            entry_good={n: tuple(r for r in entry if r in competent[n]) for n in resolvers},
            entry_bad={n: tuple(r for r in entry if r not in competent[n]) for n in resolvers},
            wrong={(role, n): tuple(r for r in roles if r != role and r not in competent[n])
                   for n in resolvers for role in roles},
            case_manager=managers[0] if managers else None,
            from_file={r.id: frozenset(r.resolves_from_file) for r in scenario.roles if r.resolves_from_file},
        )

    def resolves(self, role: str, need: str) -> bool:
        return role in self.competent[need]

    def needs_of(self, role: str) -> list[str]:
        """The needs ``role`` can resolve, in file order."""
        return [n for n, rs in self.resolvers.items() if role in rs]
