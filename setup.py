"""The compiled part of impactagg; everything else about the package is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        # One pass over a CSV file's bytes to find its rows, one to test its cells. Optional:
        # where no C compiler is at hand the build goes on without it, and impactagg does the
        # same with numpy and polars (slower).
        Extension(
            "impactagg.readers._rowscan",
            ["src/impactagg/readers/_rowscan.c"],
            optional=True,
        )
    ]
)
