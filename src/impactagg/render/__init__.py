"""Renderers: pure functions from a report or a summary to text, one module per output."""
