# Situation Mapper - set-up, tests, demo and packaging on Debian 12 with QGIS 3.22.
# `make test` and `make demo` install whatever is missing first (apt and pip).

PLUGIN      := situation_mapper
VERSION     := $(shell sed -n 's/^version=//p' metadata.txt)
SYSTEM_PY   := /usr/bin/python3
VENV        := .venv
PY          := $(VENV)/bin/python
QGIS_PROCESS := /usr/bin/qgis_process.bin
APT_PACKAGES := qgis python3-qgis qgis-providers xvfb xauth pyqt5-dev-tools qttools5-dev-tools \
                poppler-utils imagemagick gdal-bin python3-gdal python3-numpy python3-pyproj \
                python3-matplotlib python3-pil python3-scipy python3-psycopg2 python3-venv
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BUILD       := build
DIST        := dist

export QT_QPA_PLATFORM := offscreen
export QGIS_PLUGINPATH := $(CURDIR)/$(BUILD)/plugins
export QGIS_CUSTOM_CONFIG_PATH := $(CURDIR)/$(BUILD)/qgis-config

.PHONY: all setup deps venv resources translations update-ts test lint bench demo package deploy clean

all: test

setup: deps venv resources

# Debian packages: installed only when one is missing, so a second run is quick.
deps: $(BUILD)/.deps-ok
$(BUILD)/.deps-ok: Makefile
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi
	@mkdir -p $(BUILD) && touch $@

venv: $(VENV)/.requirements-ok
$(VENV)/.requirements-ok: requirements-dev.txt $(BUILD)/.deps-ok
	[ -x $(PY) ] || $(SYSTEM_PY) -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

resources: resources.py translations
resources.py: resources.qrc $(wildcard icons/*.svg) $(BUILD)/.deps-ok
	pyrcc5 -o $@ resources.qrc

translations: $(patsubst %.ts,%.qm,$(wildcard i18n/*.ts))
i18n/%.qm: i18n/%.ts $(BUILD)/.deps-ok
	lrelease -silent $< -qm $@

# Refresh the .ts source catalogues from the code (committed; .qm are built).
update-ts:
	pylupdate5 -noobsolete $$(git ls-files '*.py' | grep -v -E '^(tests|bench)/') $$(git ls-files 'ui/*.ui') -ts i18n/$(PLUGIN)_uk.ts

lint: venv
	$(VENV)/bin/bandit -q -r . -x ./.venv,./build,./dist,./tests,./bench -c .bandit.yaml
	git ls-files -z | xargs -0 $(VENV)/bin/detect-secrets-hook --baseline .secrets.baseline

test: setup lint
	$(PY) -m pytest $(PYTEST_ARGS)

# Speed and memory against baselines measured in the same run (reads ../shared/data).
# bench_share_backends.py needs the PostGIS test server: started here (and
# stopped after) unless one is running already.
bench: setup
	@started=""; if [ ! -f $(BUILD)/postgis/state ]; then bash .ci/postgres.sh start && started=1; fi; \
	export PGSERVICEFILE=$(CURDIR)/$(BUILD)/postgis/pg_service.conf; status=0; \
	for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || { status=1; break; }; done; \
	if [ -n "$$started" ]; then bash .ci/postgres.sh stop; fi; exit $$status

# The sample scenario, analysed and exported headless (offscreen Python):
# build/demo/situation_<date>.pdf and .png, situation_atlas.pdf, situation_animation.gif.
demo: setup
	@mkdir -p $(BUILD)/plugins $(BUILD)/demo
	@ln -sfn $(CURDIR) $(BUILD)/plugins/$(PLUGIN)
	@$(QGIS_PROCESS) plugins enable $(PLUGIN) >/dev/null 2>&1 || true  # "already enabled" exits 1
	$(PY) tools/run_demo.py $(CURDIR)/$(BUILD)/demo

# An installable zip: Plugins > Install from ZIP. Built from the committed HEAD.
package: resources
	rm -rf $(BUILD)/package && mkdir -p $(BUILD)/package $(DIST)
	git archive --format=tar --prefix=$(PLUGIN)/ HEAD | tar -x -C $(BUILD)/package
	cp resources.py $(BUILD)/package/$(PLUGIN)/
	-cp i18n/*.qm $(BUILD)/package/$(PLUGIN)/i18n/ 2>/dev/null
	rm -f $(DIST)/$(PLUGIN)-$(VERSION).zip
	cd $(BUILD)/package && $(SYSTEM_PY) -m zipfile -c ../../$(DIST)/$(PLUGIN)-$(VERSION).zip $(PLUGIN)/
	@echo "Package: $(DIST)/$(PLUGIN)-$(VERSION).zip"

# Link this checkout into the default QGIS profile for development.
PROFILE_PLUGINS ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/default/python/plugins
deploy: resources
	mkdir -p $(PROFILE_PLUGINS)
	ln -sfn $(CURDIR) $(PROFILE_PLUGINS)/$(PLUGIN)
	@echo "Linked $(CURDIR) -> $(PROFILE_PLUGINS)/$(PLUGIN); enable it in Plugins > Manage and Install Plugins."

clean:
	rm -rf $(BUILD) $(DIST) resources.py i18n/*.qm .pytest_cache
