# The two commands of README.md. Both create .venv themselves and need nothing installed beforehand.
.PHONY: run test lint

run:
	./scripts/run.sh

test:
	./scripts/test.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/lint-imports
