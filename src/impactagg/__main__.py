from impactagg.cli import run

run()
