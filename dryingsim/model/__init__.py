"""The model: physics bound to a scenario, with no mesh and no solver.

:mod:`~dryingsim.model.formulation` resolves the scenario's materials into particle classes and the initial
state, :mod:`~dryingsim.model.conditions` its drying conditions (a rate schedule or a dryer), and
:mod:`~dryingsim.model.problem` every coefficient the discrete equations need, each a named method that
calls a closure and cites its equation (docs/theory/model.md).
"""

from __future__ import annotations

import os

from dryingsim.model.problem import DryingProblem, Member
from dryingsim.scenario import Scenario, read_scenario


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario TOML file and check it completely: field ranges and units, materials and packing, the
    dryer, a film that dries (:meth:`Member.from_scenario`).

    Raises
    ------
    ScenarioError : naming the field (or the file, line and column), the value and what is allowed
    """
    scenario = read_scenario(path)
    Member.from_scenario(scenario)
    return scenario


__all__ = ["DryingProblem", "Member", "load_scenario"]
