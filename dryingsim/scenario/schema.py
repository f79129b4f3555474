"""The validated, immutable scenario: every number in SI units.

A :class:`Scenario` is what every engine consumes. It is built by :func:`dryingsim.load_scenario`
from a TOML file (units parsed there, once) or directly in Python; either way
:func:`dryingsim.scenario.validate.check_scenario` (field ranges) and
:func:`dryingsim.model.formulation.describe_formulation` (materials, packing) run before any
compute. Field names here are the keys of the TOML file
(see ``docs/user-guide/scenario-format.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class SizeDistribution:
    """Particle size distribution as discrete classes, or as D10/D50/D90 percentiles.

    diameters : class diameters [m]
    volume_fractions : share of the component's volume in each class [-], summing to 1

    An EMPTY ``volume_fractions`` tuple marks percentiles: ``diameters`` is then exactly
    ``(d10, d50, d90)`` with ``d10 <= d50 <= d90`` (the TOML form ``size = {d10 = ..., d50 = ...,
    d90 = ...}``), to be split into ``Numerics.size_classes`` classes later.
    """

    diameters: tuple[float, ...]
    volume_fractions: tuple[float, ...]


@dataclass(frozen=True)
class Component:
    """One ingredient of the dry formulation.

    name : label used in results (unique within the scenario's layers, e.g. ``"graphite"``)
    material : key in the materials library (``dryingsim.materials.MATERIALS``)
    mass_fraction : dry-basis mass fraction [-]
    size : particle size classes; ``None`` uses the material's default distribution.
        Ignored for dissolved polymers.
    """

    name: str
    material: str
    mass_fraction: float
    size: SizeDistribution | None = None


@dataclass(frozen=True)
class Layer:
    """One coated layer, counted from the foil upwards.

    solids_content : mass fraction of everything but solvent in the slurry [-]
    wet_thickness : wet thickness of this layer as coated [m]
    areal_loading : dry mass per area of this layer [kg m-2]; give exactly one of the two
        (the loading is turned into a wet thickness with the material densities)
    """

    name: str
    components: tuple[Component, ...]
    solids_content: float
    wet_thickness: float | None = None
    areal_loading: float | None = None


@dataclass(frozen=True)
class Rheology:
    """Slurry rheology.

    liquid_viscosity : viscosity of the liquid between the particles (solvent plus dissolved
        polymer) at 25 degC [Pa s]; at other film temperatures it scales like the solvent's
    yield_stress : static yield stress of the slurry at rest [Pa]
    compressive_yield_stress : compressive yield stress P_y of the particle network at the coating's
        solids fraction [Pa]; ``None`` takes ten times the yield stress (an assumed ratio,
        :data:`dryingsim.closures.consolidation.COMPRESSIVE_TO_SHEAR_YIELD`)
    compressive_yield_exponent : n of P_y ~ phi^n as the network consolidates [-]; 4 after Buscall,
        Mills, Goodwin & Lawson (1988), J. Chem. Soc. Faraday Trans. 1 84, 4249
    """

    liquid_viscosity: float
    yield_stress: float = 0.0
    compressive_yield_stress: float | None = None
    compressive_yield_exponent: float = 4.0


@dataclass(frozen=True)
class DryingSchedule:
    """Drying-rate schedule E(t) of the solvent mass flux leaving the film surface.

    times : start of each segment [s]; ``times[0] == 0``
    rates : evaporation mass flux at each time [kg m-2 s-1]
    interpolation : ``"previous"`` holds each rate until the next time (piecewise constant);
        ``"linear"`` interpolates between the points (piecewise linear); the last rate holds after.
    temperature : film temperature [K]
    """

    times: tuple[float, ...]
    rates: tuple[float, ...]
    interpolation: Literal["previous", "linear"] = "previous"
    temperature: float = 298.15


@dataclass(frozen=True)
class Foil:
    """The current-collector foil the coating sits on; its heat capacity slows the film's heating.

    material : key in ``dryingsim.materials.FOILS`` (``"copper"``, ``"aluminium"``)
    thickness : [m]
    """

    material: str
    thickness: float


@dataclass(frozen=True)
class SlotNozzles:
    """Geometry of the dryer's slot-nozzle arrays, for heat-transfer coefficients from air velocity.

    slot_width : width B of each slot [m]
    pitch : distance between neighbouring slots [m]
    distance : nozzle exit to web [m]
    """

    slot_width: float
    pitch: float
    distance: float


@dataclass(frozen=True)
class DryerZone:
    """One zone of a convective dryer, in the order the web passes through.

    length : along the web [m]
    air_temperature : [K]
    heat_transfer_top, heat_transfer_bottom : convective heat-transfer coefficient above the
        coating and under the foil [W m-2 K-1]; ``None`` takes it from the nozzle velocity of that
        side, or none at all (the bottom only)
    nozzle_velocity_top, nozzle_velocity_bottom : air velocity at the slot-nozzle exits [m s-1],
        giving the coefficient with the dryer's ``nozzles`` geometry
    air_solvent_content : solvent vapour per dry air, by mass [kg kg-1] (humidity ratio for water)
    """

    length: float
    air_temperature: float
    heat_transfer_top: float | None = None
    heat_transfer_bottom: float | None = None
    nozzle_velocity_top: float | None = None
    nozzle_velocity_bottom: float | None = None
    air_solvent_content: float = 0.0
    name: str = ""


@dataclass(frozen=True)
class Dryer:
    """A convective dryer the coated web runs through: the drying rate and film temperature follow.

    web_speed : [m s-1]; the web spends length / web_speed in each zone
    zones : in the order the web passes through them
    foil : the substrate, heated with the film
    coating_temperature : of the slurry and foil as they enter the first zone [K]
    air_pressure : [Pa]
    nozzles : slot-nozzle geometry, needed when a zone gives nozzle velocities
    """

    web_speed: float
    zones: tuple[DryerZone, ...]
    foil: Foil
    coating_temperature: float = 298.15
    air_pressure: float = 101325.0
    nozzles: SlotNozzles | None = None

    @property
    def zone_ends(self) -> tuple[float, ...]:
        """Time at which the web leaves each zone [s]."""
        ends, position = [], 0.0
        for zone in self.zones:
            position += zone.length
            ends.append(position / self.web_speed)
        return tuple(ends)


@dataclass(frozen=True)
class PhysicsParameters:
    """Model parameters that are poorly known for a given slurry (the calibration targets).

    ``None`` means: take the default of the material library or closure (the source is recorded).
    """

    max_packing: float = 0.60
    richardson_zaki_exponent: float = 5.1
    critical_yield_number: float = 0.096
    latex_bound_fraction: float = 0.0
    binder_diffusivity: float | None = None
    binder_gel_concentration: float | None = None
    capillary_pressure_scale: float = 1.0
    brooks_corey_lambda: float = 2.0
    front_saturation: float = 0.05
    residual_saturation: float = 0.1
    latex_attachment: float = 1e-3
    binder_adsorption: float = 0.0


@dataclass(frozen=True)
class Numerics:
    """Numerical settings; the defaults give grid- and step-converged metrics to about 1 %.

    cells : finite volumes through the thickness
    max_time_step, initial_time_step : [s]
    max_change_per_step : target of sum |change| / sum(old) of the particle volume fractions (stage 1)
        or of the pore liquid per pore volume (stage 2) over one step [-]
    picard_tolerance : relative change between sweeps that ends the nonlinear iteration [-]
    max_sweeps : nonlinear sweeps per step before the step is retried with half the step
    consolidation_tolerance : stage 1 ends when the solids fraction everywhere (the packing front
        has reached the foil) is at least (1 - tolerance) * max_packing [-]
    end_solvent_fraction : drying ends when the solvent left is this share of the initial [-]
    size_classes : classes a D10/D50/D90 distribution is split into
    output_times : number of stored time levels (evenly spaced in time)
    max_steps : steps before the run is abandoned
    """

    cells: int = 100
    max_time_step: float = 5.0
    initial_time_step: float = 1e-3
    max_change_per_step: float = 0.01
    picard_tolerance: float = 1e-5
    max_sweeps: int = 60
    consolidation_tolerance: float = 0.005
    end_solvent_fraction: float = 1e-3
    size_classes: int = 3
    output_times: int = 101
    max_steps: int = 200_000


@dataclass(frozen=True)
class Scenario:
    """Everything a simulation needs, in SI units, validated.

    layers run from the foil upwards. Results store it as TOML
    (:func:`dryingsim.scenario.load.scenario_to_toml`), which loads back to an equal scenario.
    """

    name: str
    solvent: str
    layers: tuple[Layer, ...]
    rheology: Rheology
    drying: DryingSchedule | Dryer
    physics: PhysicsParameters = field(default_factory=PhysicsParameters)
    numerics: Numerics = field(default_factory=Numerics)
    description: str = ""
    references: tuple[str, ...] = ()
