# Two commands for a fresh machine (Python >= 3.11 and pip needed, nothing else):
#   make run    annotate data/samples/ -> out/annotations.jsonl
#   make test   run the test suite
# Both install a pinned uv with pip when it is missing, then the locked dependencies.

UV_VERSION := 0.13.8
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
OUT ?= out/annotations.jsonl

.PHONY: run test uv schema

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet "uv==$(UV_VERSION)"

run: uv
	$(UV) run --locked --no-dev newsclaims annotate data/samples -o $(OUT)

test: uv
	$(UV) run --locked python -m pytest -q

schema: uv
	$(UV) run --locked newsclaims schema -o schema/annotation.schema.json
