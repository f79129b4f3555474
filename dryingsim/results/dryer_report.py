"""The first question on a production line: does the coating leave the dryer dry, and when is it dry?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import xarray as xr

from dryingsim.errors import InputError


@dataclass(frozen=True)
class ZoneSummary:
    """What happened in one dryer zone.

    times [s]; temperatures [K]; evaporated [kg m-2]; mean_rate [kg m-2 s-1]
    """

    name: str
    start: float
    end: float
    air_temperature: float
    heat_transfer: float
    film_temperature_min: float
    film_temperature_max: float
    evaporated: float
    mean_rate: float


@dataclass(frozen=True)
class DryerReport:
    """Drying time and residual solvent of a coating run through a dryer.

    drying_time : when the solvent left fell to ``numerics.end_solvent_fraction`` of the coated
        amount [s]; ``None`` if that did not happen inside the dryer
    exit_time : when the web leaves the last zone [s]
    residual_solvent : solvent per area as the web leaves the dryer (or at the end of drying) [kg m-2]
    residual_fraction : the same, as a share of the coated solvent [-]
    """

    drying_time: float | None
    exit_time: float
    residual_solvent: float
    residual_fraction: float
    zones: tuple[ZoneSummary, ...]

    @property
    def dry_at_exit(self) -> bool:
        return self.drying_time is not None

    def __str__(self) -> str:
        lines = [f"{'zone':<14} {'from s':>7} {'to s':>7} {'air degC':>8} {'h W/m2K':>8} "
                 f"{'film degC':>12} {'evap g/m2':>9} {'g/m2/s':>7}"]
        for z in self.zones:
            film = f"{z.film_temperature_min - 273.15:.1f}-{z.film_temperature_max - 273.15:.1f}"
            lines.append(f"{z.name[:14]:<14} {z.start:7.1f} {z.end:7.1f} {z.air_temperature - 273.15:8.1f} "
                         f"{z.heat_transfer:8.1f} {film:>12} {1e3 * z.evaporated:9.2f} {1e3 * z.mean_rate:7.3f}")
        if self.dry_at_exit:
            verdict = (f"dry after {self.drying_time:.1f} s, {self.exit_time - self.drying_time:.1f} s before the "
                       f"dryer exit ({self.exit_time:.1f} s)")
        else:
            verdict = (f"NOT dry at the dryer exit ({self.exit_time:.1f} s): {1e3 * self.residual_solvent:.3g} g/m2 "
                       f"of solvent left ({100 * self.residual_fraction:.3g} % of the coated)")
        return "\n".join([*lines, verdict])


def dryer_report(result: xr.Dataset) -> DryerReport:
    """Summarise a run through a dryer: per zone, and whether the coating left the dryer dry.

    Raises
    ------
    InputError
        The result was not computed with a dryer (``[drying]`` had no zones).
    """
    if "zone_name" not in result:
        raise InputError("result", result.attrs.get("scenario_name", "?"), "a result of a scenario with dryer zones",
                         reason="its drying rate was imposed")
    time = result["time"].values
    evaporated = result["evaporated_solvent"].values
    temperature = result["film_temperature"].values
    zones = []
    for i, name in enumerate(result["zone_name"].values):
        start, end = float(result["zone_start_time"][i]), float(result["zone_end_time"][i])
        stop = min(end, float(time[-1]))
        if start >= stop:  # dry before the web reached this zone
            continue
        inside = (time > start) & (time < stop)
        film = np.concatenate((np.interp([start, stop], time, temperature), temperature[inside]))
        mass = float(np.interp(stop, time, evaporated) - np.interp(start, time, evaporated))
        zones.append(ZoneSummary(str(name), start, end, float(result["zone_air_temperature"][i]),
                                 float(result["zone_heat_transfer"][i]), float(film.min()), float(film.max()),
                                 mass, mass / (stop - start)))
    solvent = result["solvent_mass"].values
    drying_time = float(result.attrs["drying_time"])
    return DryerReport(drying_time=drying_time if drying_time >= 0.0 else None,
                       exit_time=float(result.attrs["dryer_exit_time"]), residual_solvent=float(solvent[-1]),
                       residual_fraction=float(solvent[-1] / solvent[0]), zones=tuple(zones))
