PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench docs clean lint

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test,plot]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/build_example.py
	$(BIN)/gpc build examples/example_city.xlsx -o examples/output/example_city_inventory.xlsx
	$(BIN)/python examples/sections/china_city.py examples/output/china_city_energy_balance.xlsx
	$(BIN)/gpc import-balance examples/output/china_city_energy_balance.xlsx \
		-o examples/output/china_city_activity.xlsx --name 示例市 --region CN-HB --lang zh
	$(BIN)/python examples/sections/china_city.py --complete examples/output/china_city_activity.xlsx
	$(BIN)/gpc build examples/output/china_city_activity.xlsx --factors china --lang zh \
		-o examples/output/china_city_inventory_zh.xlsx
	$(BIN)/python examples/build_scenarios.py
	$(BIN)/gpc project examples/example_city.xlsx examples/example_city_scenario.xlsx \
		-o examples/output/example_city_pathway.xlsx
	$(BIN)/gpc project examples/output/china_city_activity.xlsx examples/china_city_scenario_zh.xlsx --lang zh \
		-o examples/output/china_city_pathway_zh.xlsx
	@echo
	@echo "Example City inventory:        examples/output/example_city_inventory.xlsx"
	@echo "示例市 (Chinese) inventory:     examples/output/china_city_inventory_zh.xlsx"
	@echo "Pathways (gpc project):         examples/output/example_city_pathway.xlsx, china_city_pathway_zh.xlsx"

# The test install adds the optional extras the tests exercise (Parquet via pyarrow, Dask), so those
# tests run rather than skip, and ruff, mypy and import-linter for `make lint`.
TEST_STAMP := $(VENV)/.test-installed

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test,plot,parquet,dask,lint]"
	touch $(TEST_STAMP)

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -n 2 tests

# The documentation site (mkdocs + mkdocs-material) into site/; the docs extra is installed once,
# after which the build needs no network.
DOCS_STAMP := $(VENV)/.docs-installed

$(DOCS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	touch $(DOCS_STAMP)

docs: $(DOCS_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --clean --site-dir site
	@echo "Documentation: site/index.html"

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

# ruff over every Python file (pyflakes, pycodestyle, isort, pyupgrade, bugbear: [tool.ruff.lint]), mypy
# over the package ([tool.mypy]) and the import contract of [tool.importlinter] (the layers of
# docs/dev/architecture.md, no import cycles)
lint: $(TEST_STAMP)
	$(BIN)/ruff check gpc emission_factors tests examples docs benchmarks
	$(BIN)/mypy gpc
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build *.egg-info examples/output site
