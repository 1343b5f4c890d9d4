#!/usr/bin/env bash
# Start-up cost of the starter: a minimal WebFlux and a minimal Spring MVC application,
# each without the starter, with it, and with it and login-on-startup, started in turn
# (the order rotates every round), same JVM flags. See docs/benchmarks.md, section 5.
#
#   benchmarks/startup.sh [rounds]      (from the repository's root; 10 rounds by default)
#
# SKIP_BUILD=1 reuses the class paths of the last build; JAVA_OPTS adds JVM flags to every
# start. Prints each start's line, then, per application and variant, the median and the
# range of the context's start, of making the client and of the first call, the jars on
# the class path and the classes loaded (one more start with -Xlog:class+load).
set -euo pipefail
rounds=${1:-10}
cd "$(dirname "$0")/.."
modules=benchmarks/startup-webflux,benchmarks/startup-mvc
if [ -z "${SKIP_BUILD:-}" ]; then
	./mvnw -B -q -Pbenchmarks -pl "$modules" -am package -DskipTests -Djacoco.skip=true
	./mvnw -B -q -Pbenchmarks,startup-starter -pl "$modules" -am package -DskipTests -Djacoco.skip=true
fi
out=$(mktemp -d)
flags="-Xmx512m ${JAVA_OPTS:-}"

start() { # stack variant [extra JVM flags]
	local stack=$1 variant=$2 app arg="" classpath
	shift 2
	[ "$stack" = webflux ] && app=StartupWebFluxApp || app=StartupMvcApp
	classpath=benchmarks/startup-$stack/target/classes:$(cat "benchmarks/startup-$stack/target/classpath-${variant%-login}.txt")
	[ "$variant" = starter-login ] && arg=login-on-startup
	# shellcheck disable=SC2086
	java $flags "$@" -cp "$classpath" "com.marketiger3d.auth.benchmarks.startup.$app" $arg | grep '^STARTUP'
}

variants=(plain starter starter-login)
echo "# uptime at the start: $(uptime)"
for round in $(seq 1 "$rounds"); do
	for stack in webflux mvc; do
		for k in 0 1 2; do
			variant=${variants[$(((k + round) % 3))]}
			echo "round=$round variant=$variant $(start "$stack" "$variant")" | tee -a "$out/starts"
		done
	done
done
echo "# uptime at the end: $(uptime)"

field() { # file key -> values
	grep -o " $2=[0-9.]*" "$1" | cut -d= -f2
}
summary() { # values on stdin -> "median (min to max)"
	sort -n | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
		printf "%.1f (%.1f to %.1f)", m, v[1], v[NR] }'
}
echo
echo "| application | variant | starts | context start, ms: median (range) | client made, ms | first call, ms | jars | classes loaded |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for stack in webflux mvc; do
	for variant in "${variants[@]}"; do
		grep " variant=$variant " "$out/starts" | grep "stack=$stack " > "$out/sel" || true
		jars=$(tr ':' '\n' < "benchmarks/startup-$stack/target/classpath-${variant%-login}.txt" | grep -c .)
		start "$stack" "$variant" "-Xlog:class+load:file=$out/classes" > /dev/null
		classes=$(grep -c . "$out/classes")
		echo "| $stack | $variant | $(grep -c . "$out/sel") | $(field "$out/sel" context_ms | summary) | $(field "$out/sel" client_ms | summary) | $(field "$out/sel" first_call_ms | summary) | $jars | $classes |"
	done
done
echo
echo "Conditions of the starter's auto-configuration, and its beans that took 1 ms or more, in the last start of each:"
for stack in webflux mvc; do
	for variant in starter starter-login; do
		echo "$stack $variant: $(grep " variant=$variant " "$out/starts" | grep "stack=$stack " | tail -1 | grep -o 'conditions=.*')"
	done
done
rm -rf "$out"
