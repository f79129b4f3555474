"""A settling blend keeps every volume fraction non-negative (Etiemble et al. 2017 sample F composition).

Under settling NMC the fine LFP and carbon black move up relative to the mixture. Before session 8 their
share of the relative flux was the central face value, so the cell at the foil, which the fines had
already left, kept losing them: -1.3 % LFP there at 100 cells (and sample I of Table 1 failed).
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import dryingsim
from dryingsim.scenario import scenario_from_dict, scenario_to_toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CATHODE = Path(__file__).parents[2] / "scenarios" / "cathode-nmc.toml"


def test_fines_under_settling_nmc_never_go_negative_and_are_conserved():
    """Volume fractions are bounded below by 0 (a class cannot leave a cell it has left) and every class
    is conserved to round-off (docs/theory/numerics.md, sections 3.3 and 9; composition of sample F of
    Etiemble et al. 2017, NMC/LFP/PVdF/CB 44/44/7.5/4.5 wt%, at the shipped 100 cells)."""
    data = tomllib.loads(scenario_to_toml(dryingsim.load_scenario(CATHODE)))
    layer = data["layers"][0]
    nmc, pvdf, cb = layer["components"]
    layer["components"] = [{**nmc, "mass_fraction": 0.44}, {"name": "lfp", "material": "lfp", "mass_fraction": 0.44},
                           {**pvdf, "mass_fraction": 0.075}, {**cb, "mass_fraction": 0.045}]
    result = dryingsim.simulate(scenario_from_dict(copy.deepcopy(data)))
    assert float(result["volume_fraction"].min()) >= 0.0
    assert float(result["dry_volume_fraction"].min()) >= 0.0
    assert dryingsim.metrics(result)["mass_balance_error"] < 1e-9
