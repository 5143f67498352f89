"""Conversions between roaring bitmaps and NumPy arrays of customer or node numbers."""

from __future__ import annotations

from array import array

import numpy as np
from pyroaring import BitMap


def bitmap_of(numbers: np.ndarray) -> BitMap:
    """A bitmap of these numbers. Through an array.array, which pyroaring reads as one buffer:
    given the NumPy array itself it takes the values one Python int at a time (7x slower)."""
    return BitMap(array("I", np.asarray(numbers, dtype=np.uint32).tobytes()))


def numbers_of(bitmap: BitMap) -> np.ndarray:
    """The bitmap's numbers, ascending, as uint32 (a view of one buffer, no copy per value)."""
    return np.frombuffer(bitmap.to_array(), dtype=np.uint32)
