"""The agents of kastje: citizens, the roles (desks) they visit, and how roles decide."""

from agents.citizen import Citizen
from agents.policy import Action, Policy, RoleView, RulePolicy
from agents.role import RoleAgent

__all__ = ["Citizen", "Action", "Policy", "RoleView", "RulePolicy", "RoleAgent"]
