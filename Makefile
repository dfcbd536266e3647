# The two commands of README.md. Both create .venv themselves and need nothing installed beforehand.
.PHONY: run test lint docs-images

run:
	./scripts/run.sh

test:
	./scripts/test.sh

lint:
	.venv/bin/ruff check .
	.venv/bin/lint-imports

# The pictures of docs/ (docs/img): the whole suite, its browser and document tests writing their screenshots there.
docs-images:
	CHISO_DOCS_IMAGES=1 ./scripts/test.sh
