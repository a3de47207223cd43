"""impactagg: validate and aggregate the yearly outcome submissions of a human rights movement.

The public API, for notebooks and scripts::

    import impactagg

    data = impactagg.load(["sample_data"], year=2016)   # valid submissions and the problems found
    data.outcomes                                       # a pandas DataFrame, one row per outcome
    summary = impactagg.summarize(data, region="africa")
    summary.to_dict(), summary.to_frame()
    report = impactagg.validate(["sample_data"])          # what `impactagg validate` reports

Names are imported on first use, so that ``import impactagg`` (and the command line's start-up)
stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from impactagg.aggregate import Filters, Summary
    from impactagg.api import Dataset, load, summarize, validate
    from impactagg.validation import Report

__all__ = ["Dataset", "Filters", "Report", "Summary", "__version__", "load", "summarize", "validate"]

_LAZY = {
    "Dataset": "impactagg.api",
    "load": "impactagg.api",
    "summarize": "impactagg.api",
    "validate": "impactagg.api",
    "Report": "impactagg.validation",
    "Summary": "impactagg.aggregate",
    "Filters": "impactagg.aggregate",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'impactagg' has no attribute {name!r}")
