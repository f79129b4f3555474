"""Make the tutorial's two 'measured' profiles: SYNTHETIC, not lab data.

The default anode (scenarios/anode-medium.toml) is simulated with a dissolved-binder diffusivity of
1e-10 m2/s and 30 % of the latex bound to the particles, dried at 1 and at 3 g/m2/s, and each dry
coating is measured once by the virtual LEPS2000 scraper and TGA (10 um layers, the instrument's noise).
The tutorial then fits those two values back. Run from the repository root:

    python docs/user-guide/examples/calibration/make_measured.py
"""

from pathlib import Path

import dryingsim
from dryingsim.measurement import virtual_lab_measurement, write_measured
from dryingsim.scenario.edit import Parameter, ScenarioEditor

HERE = Path(__file__).parent
FIELDS = {"physics.binder_diffusivity": "m^2/s", "physics.latex_bound_fraction": "1", "drying.rate": "kg/m^2/s"}
RATES = {"anode-1gms": 1e-3, "anode-3gms": 3e-3}  # kg m-2 s-1

base = dryingsim.load_scenario(HERE.parents[3] / "scenarios" / "anode-medium.toml")
parameters = [Parameter(path, path, units) for path, units in FIELDS.items()]
editor = ScenarioEditor.from_scenario(base, parameters)
for seed, (name, rate) in enumerate(RATES.items()):
    result = dryingsim.simulate(editor.scenario([1e-10, 0.3, rate], name))
    measured = virtual_lab_measurement(result, seed=seed, sample=f"synthetic anode dried at {rate * 1e3:g} g/m2/s")
    measured.attrs.update(source="SYNTHETIC: docs/user-guide/examples/calibration/make_measured.py (dryingsim "
                                 "model with binder_diffusivity 1e-10 m2/s, latex_bound_fraction 0.3, one virtual "
                                 f"LEPS2000 + TGA measurement, seed {seed}); not a lab measurement",
                          conditions=f'{{"drying.rate": "{rate * 1e3:g} g/m^2/s"}}')
    print("written", write_measured(measured, HERE / f"{name}.csv"))
