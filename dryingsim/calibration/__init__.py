"""Calibration: fit poorly known scenario fields to measured binder profiles, with their uncertainty."""

from dryingsim.calibration.fit import FitResult, calibrate

__all__ = ["FitResult", "calibrate"]
