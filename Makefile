# The course's commands. `make lab` and `make test` are all a trainee needs;
# both create the virtual environment (.venv) first if it is missing or stale.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Parallel test workers (the course targets a 2-core laptop).
JOBS   ?= 2

# The website's tools live in their own environment (requirements-site.txt), the browser
# libraries of the site and the slides come from npm (web-assets/): nothing from a CDN.
SITE_VENV  := .venv-site
SITE_STAMP := $(SITE_VENV)/.installed
WEB_STAMP  := web-assets/node_modules/.installed

.PHONY: help lab lab-zh test test-fast lint exercises data notebooks course bench bench-modules doctor site slides env clean

help:
	@echo "make lab        open JupyterLab on the course map (creates .venv if needed)"
	@echo "make lab-zh     中文版: open JupyterLab in Chinese on the Chinese course map (zh/)"
	@echo "make test       run the lint and the whole test suite in parallel"
	@echo "make lint       ruff: formatting and lint of course/, tests/ and benchmarks/"
	@echo "make exercises  rebuild exercises/ from solutions/"
	@echo "make notebooks  re-execute every lesson and solution, keeping outputs"
	@echo "make data       rebuild data/b2b/ from the generator"
	@echo "make course     execute every lesson and solution in parallel; print a wall-time table"
	@echo "make bench      the scale benchmark: pandas and DuckDB paths vs their peers -> benchmarks/RESULTS.md;"
	@echo "                then the report and archive commands, whole processes, against their import floors"
	@echo "                (BENCH_100M=1 adds 100 million rows from Parquet, a few minutes more)"
	@echo "make bench-modules  the per-module timings of benchmarks/bench_*.py"
	@echo "make site       build the course website in _site/, its Chinese edition in _site/zh/ (Jupyter Book, offline)"
	@echo "make slides     export every lesson to reveal.js slides in _slides/, the Chinese ones in _slides/zh/ (offline)"
	@echo "make doctor     check the installation, the data and the lessons"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# The repository root in the file browser, the course map open, no news pop-up: .jupyter/jupyter_lab_config.py.
lab: $(STAMP)
	$(BIN)/jupyter lab --config=.jupyter/jupyter_lab_config.py $(if $(filter 0,$(shell id -u)),--allow-root)

# The Chinese edition (中文版): the Chinese course map first, JupyterLab's interface in Chinese (zh-CN language pack).
lab-zh: $(STAMP)
	$(BIN)/jupyter lab --config=.jupyter/jupyter_lab_config_zh.py $(if $(filter 0,$(shell id -u)),--allow-root)

# Lint first: a formatting slip fails in seconds, before the notebooks run.
test: lint
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --durations=15 \
		--doctest-modules course tests \
		--nbval-lax notebooks solutions

lint: $(STAMP)
	$(BIN)/ruff format --check course tests benchmarks
	$(BIN)/ruff check course tests benchmarks

# Unit tests only (seconds): for quick feedback while editing the package.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n $(JOBS) --doctest-modules course tests -m "not notebook"

exercises: $(STAMP)
	$(BIN)/python -m course exercises build

notebooks: $(STAMP)
	$(BIN)/python -m course notebooks run notebooks/*.ipynb solutions/*.ipynb

data: $(STAMP)
	$(BIN)/python -m course data generate --force

# Execute lessons and solutions in parallel (JOBS at a time), without writing them back.
course: $(STAMP)
	$(BIN)/python -m course notebooks time --jobs $(JOBS) notebooks/*.ipynb solutions/*.ipynb

# The scale benchmark's peers (lifetimes with its old pandas, polars) live in their own environment.
BENCH_VENV  := benchmarks/.venv
BENCH_STAMP := $(BENCH_VENV)/.installed
$(BENCH_STAMP): benchmarks/requirements.txt
	@test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet -r benchmarks/requirements.txt
	@touch $(BENCH_STAMP)

bench: $(STAMP) $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_scale.py --peers $(BENCH_VENV)/bin/python $(if $(BENCH_100M),--rows-100m)
	$(BIN)/python benchmarks/bench_pages.py

bench-modules: $(STAMP)
	@for script in benchmarks/bench_*.py; do \
		case $$script in *bench_scale.py) continue;; esac; \
		echo "== $$script"; $(BIN)/python $$script || exit 1; done

doctor: $(STAMP)
	$(BIN)/python -m course doctor

# requirements-site.txt pins every package, so pip installs them without resolving (--no-deps);
# `pip check` then proves the set complete.
$(SITE_STAMP): requirements-site.txt
	@test -x $(SITE_VENV)/bin/python || $(PYTHON) -m venv $(SITE_VENV)
	$(SITE_VENV)/bin/python -m pip install --quiet --no-deps --no-compile -r requirements-site.txt
	$(SITE_VENV)/bin/python -m pip check
	@touch $(SITE_STAMP)

$(WEB_STAMP): web-assets/package.json web-assets/package-lock.json
	@command -v npm >/dev/null || { echo "make site and make slides need npm (Node.js) to install MathJax and reveal.js"; exit 1; }
	cd web-assets && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $(WEB_STAMP)

# Every environment at once (CI runs `make -j3 env`: the three installs overlap).
env: $(STAMP) $(SITE_STAMP) $(WEB_STAMP)

site: $(STAMP) $(SITE_STAMP) $(WEB_STAMP)
	$(BIN)/python -m course site

slides: $(STAMP) $(WEB_STAMP)
	$(BIN)/python -m course slides

clean:
	rm -rf $(VENV) $(BENCH_VENV) $(SITE_VENV) web-assets/node_modules _site _slides _build test-artifacts .pytest_cache
