#!/usr/bin/env bash
# Loads identical data into pipescope and Debian's Prometheus (remote write), times a query mix
# on both and prints the latency ratio. Usage: bench/compare-with-prometheus.sh [series] [minutes]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/ensure-debian-packages.sh" prometheus=prometheus
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

"$root/mvnw" -q -B -DskipTests -pl app,bench -am package >&2
java -jar "$root/app/target/pipescope-app.jar" serve --grpc-port 24317 --http-port 24318 --api-port 29490 \
  --set storage.path="$work/pipescope" >"$work/pipescope.log" 2>&1 &
cat >"$work/prometheus.yml" <<'YAML'
global: {scrape_interval: 1h}
YAML
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus" \
  --web.listen-address=127.0.0.1:29090 --web.enable-remote-write-receiver --log.level=warn \
  >"$work/prometheus.log" 2>&1 &
for url in http://127.0.0.1:29490/-/ready http://127.0.0.1:29090/-/ready; do
  for _ in $(seq 1 120); do curl -fs "$url" >/dev/null && break; sleep 0.5; done
done
java -cp "$root/bench/target/benchmarks.jar" io.pipescope.bench.PrometheusComparison \
  http://127.0.0.1:24318/api/v1/write http://127.0.0.1:29490 \
  http://127.0.0.1:29090/api/v1/write http://127.0.0.1:29090 "${1:-2000}" "${2:-50}"
