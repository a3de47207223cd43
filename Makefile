# One place for the project's tasks; CI runs the same commands (.ci/run).
.PHONY: install test lint format docs bench

install:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'

test:
	.venv/bin/pytest

lint:
	.venv/bin/ruff check src tests scripts benchmarks setup.py
	.venv/bin/ruff format --check src tests scripts benchmarks setup.py
	.venv/bin/mypy

format:
	.venv/bin/ruff check --fix src tests scripts benchmarks setup.py
	.venv/bin/ruff format src tests scripts benchmarks setup.py

# Regenerate everything derived from the models: JSON Schemas and reference docs.
docs:
	.venv/bin/impactagg schema --force -o schemas/submission.schema.json
	.venv/bin/impactagg schema --force --kind summary -o schemas/summary.schema.json
	.venv/bin/python -m impactagg.reference docs

# Speed and memory of the cases in benchmarks/README.md (needs `pip install -e '.[bench]'`).
bench:
	.venv/bin/python benchmarks/run.py
