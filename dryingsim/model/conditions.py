"""Drying conditions: what sets the evaporation rate and the film temperature, step by step.

Two kinds, chosen by the scenario's ``[drying]`` table (docs/theory/model.md, section 5):

* :class:`RateSchedule` imposes E(t); the film temperature is the scenario's, constant.
* :class:`ConvectiveDryer` runs the web through zones of hot air: the Chilton-Colburn analogy gives
  the mass transfer from the heat transfer, and a lumped energy balance of film and foil gives the
  film temperature, eq. (5.8)

  .. math:: C \\frac{dT}{dt} = (h_t + h_b)(T_a - T) - \\Delta h_v(T)\\, E,
            \\qquad E = s\\, k_Y\\, (Y_{sat}(T) - Y_a)

  integrated by implicit Euler; s is the share of the wet-surface rate that still reaches the
  evaporation front (1 while the surface is wet, eq. 4.7 once it recedes).

Both answer the same questions, so an engine does not know which one it runs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.optimize import brentq

from dryingsim.closures import evaporation, heat_transfer
from dryingsim.errors import ScenarioError
from dryingsim.materials import AIR, Solvent, get_foil, material_sources
from dryingsim.scenario.schema import Dryer, DryerZone, DryingSchedule, SlotNozzles


@dataclass(frozen=True)
class EnergyTerms:
    """Energy per area over one step [J m-2]: heat from the air, latent heat carried off, heat stored."""

    heat_input: float
    latent_heat: float
    sensible_heat: float


class RateSchedule:
    """An imposed drying rate E(t) (eq. 5.1) at a constant film temperature."""

    is_dryer = False

    def __init__(self, schedule: DryingSchedule, solvent: Solvent) -> None:
        self.schedule = schedule
        self.solvent = solvent
        self.initial_temperature = schedule.temperature
        self.breakpoints = tuple(schedule.times)
        self.end_time = math.inf
        self.air_pressure = heat_transfer.STANDARD_PRESSURE
        self.foil_heat_capacity = 0.0  # the film alone: its temperature is imposed anyway
        self.sources: dict[str, str] = {}

    def zone(self, time: float) -> int:
        """No dryer zones: -1."""
        return -1

    def surface_rate(self, time: float, temperature: float) -> float:
        """Scheduled evaporation mass flux E(t) [kg m-2 s-1]."""
        return self.surface_rates([self], np.array([[time]]), np.array([[temperature]])).item()

    def gas_side_coefficient(self, time: float, temperature: float) -> float:
        """:math:`\\beta = E_0 / \\rho_{v,sat}(T)` [m s-1]: the rate imposed as if into dry air."""
        return self.gas_side_coefficients([self], np.array([[time]]), np.array([[temperature]])).item()

    @staticmethod
    def surface_rates(schedules: Sequence[RateSchedule], time: np.ndarray, temperature: np.ndarray) -> np.ndarray:
        """:meth:`surface_rate` of many schedules at their times (batch, 1), in one vectorised call."""
        modes = {s.schedule.interpolation for s in schedules}
        if len(modes) > 1:
            return np.array([[s.surface_rate(float(t), float(k))] for s, t, k in zip(schedules, time[:, 0],
                                                                                     temperature[:, 0], strict=True)])
        times, rates = _padded_schedules(tuple(schedules))
        return evaporation.scheduled_drying_rate(time[:, 0], times, rates, modes.pop())[:, np.newaxis]

    @staticmethod
    def gas_side_coefficients(schedules: Sequence[RateSchedule], time: np.ndarray,
                              temperature: np.ndarray) -> np.ndarray:
        """:meth:`gas_side_coefficient` of many schedules (batch, 1), one vectorised call per solvent."""
        density = np.empty_like(temperature)
        by_solvent: dict[str, list[int]] = {}
        for row, s in enumerate(schedules):
            by_solvent.setdefault(s.solvent.name, []).append(row)
        for rows in by_solvent.values():
            solvent = schedules[rows[0]].solvent
            density[rows] = evaporation.saturated_vapour_density(solvent.vapour_pressure(temperature[rows]),
                                                                 solvent.molar_mass.value, temperature[rows])
        return RateSchedule.surface_rates(schedules, time, temperature) / density

    def film_temperature(self, time: float, dt: float, temperature: float, heat_capacity: float,
                         wet_share: float = 1.0) -> float:
        """The imposed temperature: it does not change."""
        return self.initial_temperature

    def evaporated_mass(self, t0: float, t1: float, temperature: float) -> float:
        """Exact integral of the schedule from t0 to t1 [kg m-2]."""
        s = self.schedule
        return evaporation.scheduled_evaporated_mass(t0, t1, s.times, s.rates, s.interpolation)

    def energy(self, time: float, dt: float, t0: float, t1: float, heat_capacity: float,
               evaporated: float) -> EnergyTerms:
        """Not modelled for an imposed rate: zeros."""
        return EnergyTerms(0.0, 0.0, 0.0)


@lru_cache(maxsize=64)
def _padded_schedules(schedules: tuple[RateSchedule, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Breakpoint times and rates of many schedules as (batch, K) arrays, the shorter ones padded with
    times at infinity and their last rate (kept for the sweeps of a step, which ask again and again)."""
    width = max(len(s.schedule.times) for s in schedules)
    times = np.full((len(schedules), width), np.inf)
    rates = np.empty((len(schedules), width))
    for row, s in enumerate(schedules):
        count = len(s.schedule.times)
        times[row, :count], rates[row, :count], rates[row, count:] = s.schedule.times, s.schedule.rates, \
            s.schedule.rates[-1]
    return times, rates


@dataclass(frozen=True)
class Zone:
    """One dryer zone's air and transfer coefficients, fixed for the zone (air properties at its temperature).

    start, end : times the web enters and leaves it [s]
    heat_transfer : top plus bottom coefficient [W m-2 K-1]
    mass_transfer : :math:`k_Y` above the coating [kg m-2 s-1]
    gas_side_coefficient : :math:`\\beta = k_Y / \\rho_a` [m s-1]
    """

    name: str
    start: float
    end: float
    air_temperature: float
    air_humidity: float
    heat_transfer: float
    mass_transfer: float
    gas_side_coefficient: float


class ConvectiveDryer:
    """The web in a multi-zone convective dryer: film temperature and drying rate from the air, eqs. (5.3)-(5.8)."""

    is_dryer = True

    def __init__(self, dryer: Dryer, solvent: Solvent) -> None:
        self.dryer = dryer
        self.solvent = solvent
        self.initial_temperature = dryer.coating_temperature
        ends = dryer.zone_ends
        starts = (0.0, *ends[:-1])
        self.zones = tuple(self._zone(zone, i, start, end)
                           for i, (zone, start, end) in enumerate(zip(dryer.zones, starts, ends, strict=True)))
        self.breakpoints = (0.0, *ends[:-1])
        self.end_time = ends[-1]
        foil = get_foil(dryer.foil.material, "drying.foil.material")
        self.foil_heat_capacity = foil.density.value * foil.heat_capacity.value * dryer.foil.thickness
        self.air_pressure = dryer.air_pressure
        self.sources = material_sources(AIR) | material_sources(foil)

    def _zone(self, zone: DryerZone, index: int, start: float, end: float) -> Zone:
        """Transfer coefficients of one zone; air that would condense solvent on the coating is refused."""
        path = f"drying.zones[{index}]"
        t_air, pressure = zone.air_temperature, self.dryer.air_pressure
        m_v, m_a = self.solvent.molar_mass.value, AIR.molar_mass.value
        p_vapour = float(heat_transfer.vapour_pressure_of(zone.air_solvent_content, pressure, m_v, m_a))
        p_sat = float(self.solvent.vapour_pressure(t_air))
        if p_vapour >= p_sat:
            saturated = heat_transfer.humidity_ratio(p_sat, pressure, m_v, m_a)
            allowed = f"below saturation at the air temperature ({saturated:.4g} kg/kg)"
            raise ScenarioError(f"{path}.air_solvent_content", zone.air_solvent_content, allowed,
                                reason="supersaturated air")
        density = float(heat_transfer.dry_air_density(t_air, pressure, m_a, p_vapour))
        cp, k = float(AIR.heat_capacity(t_air)), float(AIR.thermal_conductivity(t_air))
        diffusivity = heat_transfer.diffusivity_at_pressure(float(self.solvent.vapour_diffusivity(t_air)), pressure)
        lewis = heat_transfer.lewis_number(k, density, cp, diffusivity)
        h_top = self._coefficient(zone.heat_transfer_top, zone.nozzle_velocity_top, t_air, density,
                                  f"{path}.nozzle_velocity_top")
        h_bottom = self._coefficient(zone.heat_transfer_bottom, zone.nozzle_velocity_bottom, t_air, density,
                                     f"{path}.nozzle_velocity_bottom")
        k_y = float(heat_transfer.chilton_colburn_mass_transfer(h_top, cp, lewis))
        return Zone(zone.name or f"zone {index + 1}", start, end, t_air, zone.air_solvent_content, h_top + h_bottom,
                    k_y, k_y / density)

    def _coefficient(self, given: float | None, velocity: float | None, t_air: float, density: float,
                     field: str) -> float:
        """The heat-transfer coefficient of one side: given, from the nozzle velocity, or none (0)."""
        if given is not None:
            return given
        if velocity is None or velocity == 0.0:
            return 0.0
        nozzles: SlotNozzles = self.dryer.nozzles
        mu, k, cp = float(AIR.viscosity(t_air)), float(AIR.thermal_conductivity(t_air)), float(AIR.heat_capacity(t_air))
        nu = mu / density
        reynolds = velocity * 2.0 * nozzles.slot_width / nu
        low, high = heat_transfer.SLOT_ARRAY_VALIDITY["reynolds"]
        if not low <= reynolds <= high:
            raise ScenarioError(field, velocity, f"a nozzle Reynolds number w 2B / nu in [{low:g}, {high:g}]",
                                reason=f"Re = {reynolds:.0f} with slot width {nozzles.slot_width:g} m at "
                                       f"{t_air - 273.15:.0f} degC (Martin 1977 correlation range)")
        ratio = nozzles.distance / (2.0 * nozzles.slot_width)
        low, high = heat_transfer.SLOT_ARRAY_VALIDITY["distance_over_hydraulic_diameter"]
        if not low <= ratio <= high:
            raise ScenarioError("drying.nozzles.distance", nozzles.distance,
                                f"distance / (2 slot_width) in [{low:g}, {high:g}]", reason=f"it is {ratio:.3g}")
        f0 = heat_transfer.slot_array_optimum_area(nozzles.distance, nozzles.slot_width)
        f = nozzles.slot_width / nozzles.pitch
        if not 0.008 <= f <= 2.5 * f0:
            raise ScenarioError("drying.nozzles.pitch", nozzles.pitch,
                                f"slot_width / pitch in [0.008, {2.5 * f0:.3g}]", reason=f"it is {f:.3g}")
        return heat_transfer.slot_nozzle_array_heat_transfer(velocity, nozzles.slot_width, nozzles.pitch,
                                                             nozzles.distance, k, nu, mu * cp / k)

    def zone(self, time: float) -> int:
        """Index of the zone the web is in at ``time`` (the last zone from its exit on)."""
        return min(int(np.searchsorted(self.breakpoints, time, side="right")) - 1, len(self.zones) - 1)

    def _at(self, time: float) -> Zone:
        return self.zones[self.zone(time)]

    def surface_humidity(self, temperature: float) -> float:
        """Humidity ratio of air saturated at the film temperature [kg kg-1], eq. (5.3)."""
        p_sat = min(float(self.solvent.vapour_pressure(temperature)), 0.99 * self.dryer.air_pressure)
        return float(heat_transfer.humidity_ratio(p_sat, self.dryer.air_pressure, self.solvent.molar_mass.value,
                                                  AIR.molar_mass.value))

    def surface_rate(self, time: float, temperature: float) -> float:
        """Evaporation mass flux of a wet surface at the film temperature [kg m-2 s-1], eq. (5.5)."""
        zone = self._at(time)
        return float(heat_transfer.convective_evaporation(zone.mass_transfer, self.surface_humidity(temperature),
                                                          zone.air_humidity))

    def gas_side_coefficient(self, time: float, temperature: float) -> float:
        """:math:`\\beta = k_Y / \\rho_a` of the zone [m s-1]."""
        return self._at(time).gas_side_coefficient

    @staticmethod
    def surface_rates(dryers: Sequence[ConvectiveDryer], time: np.ndarray, temperature: np.ndarray) -> np.ndarray:
        """:meth:`surface_rate` of many dryers (batch, 1)."""
        return np.array([[d.surface_rate(float(t), float(k))]
                         for d, t, k in zip(dryers, time[:, 0], temperature[:, 0], strict=True)])

    @staticmethod
    def gas_side_coefficients(dryers: Sequence[ConvectiveDryer], time: np.ndarray,
                              temperature: np.ndarray) -> np.ndarray:
        """:meth:`gas_side_coefficient` of many dryers (batch, 1)."""
        return np.array([[d.gas_side_coefficient(float(t), float(k))]
                         for d, t, k in zip(dryers, time[:, 0], temperature[:, 0], strict=True)])

    def film_temperature(self, time: float, dt: float, temperature: float, heat_capacity: float,
                         wet_share: float = 1.0) -> float:
        """Film temperature at the end of a step of eq. (5.8), implicit Euler [K].

        The residual :math:`C (T - T_0)/dt - h (T_a - T) + \\Delta h_v(T)\\, s\\, E_0(T)` increases with T,
        so its one root is bracketed between a temperature low enough and max(T0, T_a).
        """
        zone = self._at(time)

        def residual(t: float) -> float:
            return (heat_capacity * (t - temperature) / dt - zone.heat_transfer * (zone.air_temperature - t)
                    + float(self.solvent.latent_heat(t)) * wet_share * self.surface_rate(time, t))

        high = max(temperature, zone.air_temperature) + 1e-6
        low = min(temperature, zone.air_temperature)
        while residual(low) > 0.0:
            low -= 10.0
        return float(brentq(residual, low, high, xtol=1e-10, rtol=4 * np.finfo(float).eps))

    def evaporated_mass(self, t0: float, t1: float, temperature: float) -> float:
        """Solvent leaving a wet surface over the step at the end-of-step temperature [kg m-2] (implicit Euler)."""
        return self.surface_rate(t0, temperature) * (t1 - t0)

    def energy(self, time: float, dt: float, t0: float, t1: float, heat_capacity: float,
               evaporated: float) -> EnergyTerms:
        """The three terms of eq. (5.8) over one accepted step, as integrated."""
        zone = self._at(time)
        return EnergyTerms(heat_input=zone.heat_transfer * (zone.air_temperature - t1) * dt,
                           latent_heat=float(self.solvent.latent_heat(t1)) * evaporated,
                           sensible_heat=heat_capacity * (t1 - t0))


DryingConditions = RateSchedule | ConvectiveDryer


def drying_conditions(drying: DryingSchedule | Dryer, solvent: Solvent) -> DryingConditions:
    """The conditions object of a scenario's ``[drying]`` table; dryer inputs are checked here."""
    if isinstance(drying, Dryer):
        return ConvectiveDryer(drying, solvent)
    return RateSchedule(drying, solvent)
