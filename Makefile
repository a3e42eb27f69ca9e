# The two commands: `make run` starts the tracker on embedded defaults, `make test` runs every test.
# Prerequisites: a JDK 17+, Maven 3.8+, make. Nothing else: PostgreSQL and the MQTT broker are embedded.

MVN ?= mvn -B -q
JAVA ?= java
CP = target/classes:target/lib/*

# Development values only: a real deployment sets its own (see README, Configuration).
RUN_ENV = ADMIN_TOKEN=$${ADMIN_TOKEN:-dev-admin-token-change-me} \
          REFERENCE_FILE=$${REFERENCE_FILE:-deploy/demo/reference.json}

TRACKER_URL ?= http://localhost:8080

.PHONY: run demo demo-tokens test test-services drills fuzz build bench bench-figures clean

## run: build, then start the tracker with an embedded PostgreSQL and MQTT broker and the demo reference data
run: build
	$(RUN_ENV) $(JAVA) -cp '$(CP)' fr.iloe.tracker.Main serve

## demo: a day of simulated traffic sent to the tracker of `make run` (start it first, in another terminal), then checked
demo: build
	$(JAVA) -cp '$(CP)' fr.iloe.tracker.Main simulate --check true $(DEMO_ARGS)

## demo-tokens: with `make run` running, make an operator token (saint-priest) and a member token (p03) to sign in to the web pages
demo-tokens:
	@for body in '{"name": "Poste de pesée Saint-Priest (démo)", "role": "operator", "sites": ["saint-priest"]}' \
	             '{"name": "Adhérent p03 (démo)", "role": "member", "partner": "p03"}'; do \
	  curl -sSf -X POST $(TRACKER_URL)/api/v1/tokens -H "Authorization: Bearer $${ADMIN_TOKEN:-dev-admin-token-change-me}" \
	    -H 'Content-Type: application/json' -d "$$body" | sed -e 's/.*"name":"\([^"]*\)".*"token":"\([^"]*\)".*/  \1: \2/'; echo; \
	done

## build: compile and gather the runtime dependencies under target/lib
build:
	$(MVN) -DskipTests package dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=target/lib

## test: the whole suite, against embedded PostgreSQL and MQTT broker
test:
	$(MVN) test

## test-services: the same suite against this machine's PostgreSQL (127.0.0.1:5432) and Mosquitto (127.0.0.1:1883)
test-services:
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} \
	TEST_MQTT_URL=$${TEST_MQTT_URL:-tcp://127.0.0.1:1883} $(MVN) test

## drills: the fault drills (broker, PostgreSQL and tracker restarts, SIGKILL, a 30 s network cut); needs mosquitto
drills:
	rm -f target/drills/results.md
	$(MVN) test -Dgroups=drill -Dexcluded.groups=none -Dsurefire.failIfNoSpecifiedTests=false
	@cat target/drills/results.md

## bench-figures: load a year of 100,000 tickets, time the tonnage and valorisation queries and the live-figures rebuild
bench-figures:
	$(MVN) test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
	BENCH_DATABASE_URL=$${BENCH_DATABASE_URL-postgresql://postgres@127.0.0.1:5432/test} \
	  $(JAVA) -Xmx1g -cp "target/classes:target/test-classes:$$(cat target/test-classpath.txt)" fr.iloe.tracker.bench.FiguresBench

## fuzz: the fuzz tests from a fresh random seed (printed) for FUZZ_SECONDS each (default 120); make test runs them briefly from a fixed seed
FUZZ_SECONDS ?= 120
fuzz:
	$(MVN) test -Dtest='*FuzzTest' -Dfuzz.seed=random -Dfuzz.seconds=$(FUZZ_SECONDS) -Dfuzz.cases=100000000 -Dsurefire.failIfNoSpecifiedTests=false

## bench: build, then measure side by side the raw broker and PostgreSQL rates, the tracker (MQTT and HTTP) and a
## naive peer; writes target/bench/results.md. Needs mosquitto, mosquitto_pub, mosquitto_sub on the PATH and,
## ideally, PostgreSQL on 127.0.0.1:5432 (BENCH_DATABASE_URL; embedded otherwise). Settings: BENCH_* (see Bench.java)
bench: build
	$(MVN) test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
	$(JAVA) -Xmx1g -cp "target/test-classes:target/classes:$$(cat target/bench.classpath)" fr.iloe.tracker.bench.Bench

clean:
	$(MVN) clean
