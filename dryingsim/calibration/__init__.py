"""Calibration: fit poorly known scenario fields to measured binder profiles, and predict with their uncertainty."""

from dryingsim.calibration.fit import FitInterruptedError, FitResult, calibrate
from dryingsim.calibration.predict import predict

__all__ = ["FitInterruptedError", "FitResult", "calibrate", "predict"]
