"""Engineering parameters the checks use; every one has a documented default."""

from pydantic import Field

from medinfra.model.base import Model
from medinfra.model.units import Attenuation, Decibels, Hours, Ratio


class AvailabilityDefaults(Model):
    """Component availabilities used where a device or line does not state its own."""

    cpe: Ratio = Field(default=0.9999, description="A CPE router.")
    dc_edge: Ratio = Field(default=0.99999, description="A data-centre edge router.")
    olt: Ratio = Field(default=0.99999, description="An OLT.")
    other_device: Ratio = Field(default=0.9999, description="Any other device.")
    private_line: Ratio = Field(default=0.999, description="A carrier private line.")
    data_centre: Ratio = Field(default=0.9999, description="A data centre as a whole.")


class CheckSettings(Model):
    """Parameters of the engineering checks."""

    busy_window: Hours = Field(
        default=8.0, description="Hours a day over which the day's studies are uploaded."
    )
    uplink_max_utilisation: Ratio = Field(
        default=0.7,
        description="Share of an uplink the imaging upload may use (the rest is headroom).",
    )
    min_runway_years: float = Field(
        default=3.0, ge=0, le=100, description="Minimum years of storage runway before an error."
    )
    optical_margin: Decibels = Field(default=3.0, description="Safety margin on optical budgets.")
    fibre_attenuation: Attenuation = Field(
        default=0.35, description="Fibre loss per km at the worst wavelength (1310 nm)."
    )
    connector_loss: Decibels = Field(default=0.5, description="Loss per connector pair.")
    splice_loss: Decibels = Field(default=0.1, description="Loss per fusion splice.")
    availability: AvailabilityDefaults = Field(
        default_factory=AvailabilityDefaults, description="Default component availabilities."
    )
