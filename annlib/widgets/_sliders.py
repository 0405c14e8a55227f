"""Sliders whose values are exactly what they show.

A browser slider works out its value as min + k * step in floating point, so it can hand
the kernel 2.000000000000001 or 2.9999999999999996 for the 2 and 3 it shows. For a
threshold neuron that matters: an m a hair above a whole signal stops the neuron firing on
the rows where the signal equals m. These sliders round every value in Python, whoever
set it (the browser, a linked text box, or code), so annlib computes with the number
the learner sees.

The rounded value is not sent back to the browser when it only rounds what the browser
sent: the browser already shows that number, and sending it back in the middle of a drag
would move the handle under the learner's pointer (ipywidgets would echo it, the slider
would jump back, send the old value again, and a drag would show only a few pictures).
"""

from __future__ import annotations

import math

import ipywidgets as w
from traitlets import validate

DECIMALS = 6  # past this, a difference is the browser's arithmetic, not the learner's choice


def on_grid(value: float, step: float, origin: float = 0.0) -> float:
    """``value`` moved to the nearest origin + k * step, written with as few decimals as the
    step has (so 0.1 steps give 0.3, not 0.30000000000000004)."""
    k = round((value - origin) / step)
    decimals = max(0, -math.floor(math.log10(step)) + 1) if step < 1 else 0
    return round(origin + k * step, min(decimals + 1, DECIMALS) if step < 1 else DECIMALS) + 0.0


def significant(value: float, digits: int = 3) -> float:
    """``value`` with ``digits`` significant digits (0.0316227766 -> 0.0316)."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(abs(value))))


class _Rounded:
    """A control whose value is ``rounded(value)``, whoever sets it; what only rounds the
    browser's own value is not echoed back to it."""

    def rounded(self, value: float) -> float:
        raise NotImplementedError

    @validate("value")
    def _validate_value(self, proposal):
        return self.rounded(super()._validate_value(proposal))  # kept within min and max first

    def _should_send_property(self, key, value):
        sent = self._property_lock.get(key) if key == "value" else None
        if isinstance(sent, (int, float)) and self.rounded(float(sent)) == value:
            if self._holding_sync:
                self._states_to_send.discard(key)
            return False
        return super()._should_send_property(key, value)


class SteppedSlider(_Rounded, w.FloatSlider):
    """A FloatSlider whose value is always min + k * step, rounded: never 2.000000000000001."""

    def rounded(self, value: float) -> float:
        return min(max(on_grid(value, self.step, self.min), self.min), self.max)


class ExactSlider(_Rounded, w.FloatSlider):
    """A FloatSlider that also takes any value typed in a linked box (1.25 between steps of
    0.5), without the browser's float noise: values are rounded to DECIMALS decimals, so
    2.000000000000001 is 2 and 1.25 stays 1.25."""

    def rounded(self, value: float) -> float:
        return round(value, DECIMALS) + 0.0


class ExactBox(_Rounded, w.BoundedFloatText):
    """A number box rounded as ExactSlider is, so a linked pair always agrees."""

    def rounded(self, value: float) -> float:
        return round(value, DECIMALS) + 0.0


class RoundedLogSlider(_Rounded, w.FloatLogSlider):
    """A FloatLogSlider whose value has the 3 significant digits its readout shows."""

    def rounded(self, value: float) -> float:
        low, high = self.base**self.min, self.base**self.max
        return significant(min(max(value, low), high), 3)  # the slider's ends shown as they read


def lr_slider(value: float, low: float, high: float, step: float, width: str = "420px"):
    """A learning-rate slider on a log scale, from 10 ** low to 10 ** high in steps of
    ``step`` (of the exponent), showing 3 significant digits."""
    return RoundedLogSlider(
        value=value,
        base=10,
        min=low,
        max=high,
        step=step,
        description="lr",
        readout_format=".3g",
        continuous_update=True,
        layout=w.Layout(width=width),
    )


def positions(slider) -> list[float]:
    """Every value a stepped or log slider can show, in order: position k is its min + k * step
    (for a log slider, base ** (min + k * step)), rounded as the slider rounds it."""
    n = round((slider.max - slider.min) / slider.step)
    exponents = [slider.min + k * slider.step for k in range(n + 1)]
    if isinstance(slider, w.FloatLogSlider):
        return [slider.rounded(slider.base**e) for e in exponents]
    return [slider.rounded(e) for e in exponents]
