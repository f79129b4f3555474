"""The points of a sweep: a full grid, a Latin hypercube, a Sobol (Saltelli) design or an explicit table.

Random designs are drawn on the unit hypercube and mapped onto each parameter's range (linearly or
logarithmically), so the design does not depend on units. Sobol designs follow Saltelli's scheme as
implemented by SALib (Herman & Usher 2017, J. Open Source Softw. 2, 97; Saltelli et al. 2010, Comput.
Phys. Commun. 181, 259): N base samples give N (D + 2) points, in blocks of D + 2 that the first-order
and total indices are estimated from (:func:`dryingsim.sweeps.analysis.sensitivity`).
"""

from __future__ import annotations

import itertools

import numpy as np
from scipy.stats import qmc

from dryingsim.sweeps.spec import Parameter, Sweep


def unit_problem(parameters: tuple[Parameter, ...]) -> dict:
    """SALib's problem on the unit hypercube (ranges are mapped by :meth:`Parameter.from_unit`)."""
    return {"num_vars": len(parameters), "names": [p.name for p in parameters],
            "bounds": [[0.0, 1.0]] * len(parameters)}


def design_points(sweep: Sweep) -> np.ndarray:
    """Parameter values of every point (point, parameter) [SI], in the order the store keeps them."""
    parameters = sweep.parameters
    if sweep.design == "table":
        return np.array([p.values for p in parameters], dtype=float).T
    if sweep.design == "grid":
        axes = [p.values if p.values else p.from_unit(np.linspace(0.0, 1.0, p.steps)) for p in parameters]
        values = np.array(list(itertools.product(*axes)), dtype=float)
    elif sweep.design == "latin_hypercube":
        unit = qmc.LatinHypercube(d=len(parameters), seed=sweep.seed).random(sweep.samples)
        values = np.column_stack([p.from_unit(unit[:, j]) for j, p in enumerate(parameters)])
    else:
        from SALib.sample import sobol

        unit = sobol.sample(unit_problem(parameters), sweep.samples, calc_second_order=False, seed=sweep.seed)
        values = np.column_stack([p.from_unit(unit[:, j]) for j, p in enumerate(parameters)])
    for j, p in enumerate(parameters):
        if p.integer:
            values[:, j] = np.round(values[:, j])
    return values


def grid_shape(sweep: Sweep) -> tuple[int, ...]:
    """Points along each parameter of a grid design (points are in C order over them)."""
    return tuple(len(p.values) or p.steps for p in sweep.parameters)
