# conflictwatch: `make demo` and `make test` set everything up themselves (a local .venv).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO   := out/demo

.PHONY: setup demo test bench bench-spark train clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	CONFLICTWATCH_HOME=$(DEMO) $(BIN)/conflictwatch ingest src/conflictwatch/examples/demo_reports.jsonl
	CONFLICTWATCH_HOME=$(DEMO) $(BIN)/conflictwatch events
	CONFLICTWATCH_HOME=$(DEMO) $(BIN)/conflictwatch incidents
	CONFLICTWATCH_HOME=$(DEMO) $(BIN)/conflictwatch totals
	CONFLICTWATCH_HOME=$(DEMO) $(BIN)/conflictwatch export --format acled -o $(DEMO)/events_acled.csv
	CONFLICTWATCH_HOME=$(DEMO) $(BIN)/conflictwatch export --format geojson -o $(DEMO)/events.geojson

test: $(STAMP)
	$(BIN)/python -m pytest

# Rebuilds the model shipped in the package from the ACLED-coded training split (../shared).
ACLED_TRAIN ?= ../shared/data/acled-train/acled_events.csv.gz
train: $(STAMP)
	$(BIN)/conflictwatch train $(ACLED_TRAIN) --split train --out src/conflictwatch/data/model

bench: $(STAMP)
	$(BIN)/python benchmarks/speed.py

# single process vs `conflictwatch spark ingest` on local[2] (docs/spark.md); about 10 minutes on 2 cores
bench-spark: $(STAMP)
	cd benchmarks && ../$(BIN)/python spark_throughput.py

clean:
	rm -rf $(VENV) out .pytest_cache
