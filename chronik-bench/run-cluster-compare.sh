#!/usr/bin/env bash
# A 3-node Chronik cluster against a 3-node Apache Kafka cluster on this machine, side by side in one
# run: replication factor 3, min.insync.replicas 2, acks=all, Kafka's own ProducerPerformance as the
# client (the cluster case of issue 4).
#
#   chronik-bench/run-cluster-compare.sh [RECORDS] [RECORD_SIZE] [PARTITIONS]   (defaults 200000, 1024, 6)
#
# Needs the unpacked distribution (mvn -B -q -DskipTests package) and the Apache Kafka jars fetched by
# ../shared/peers/kafka/get-kafka.sh (PEERS overrides that directory). All six server JVMs and the client
# share the machine: Chronik nodes run with -Xmx512m and fsync every acknowledged batch; Kafka runs with
# its peer defaults (no fsync). The two clusters take turns (Kafka first in round 1, Chronik first in
# round 2) and the table gives the Chronik/Kafka ratio of each round.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="${PEERS:-$ROOT/../shared/peers/kafka}"
RECORDS="${1:-200000}"
SIZE="${2:-1024}"
PARTITIONS="${3:-6}"
WORK="$(mktemp -d /tmp/chronik-cluster-compare.XXXXXX)"
DIST="$ROOT/chronik-dist/target/chronik"
[[ -x "$DIST/bin/chronik" ]] || { echo "build the distribution first: mvn -B -q -DskipTests package" >&2; exit 1; }
[[ -x "$PEERS/start-kafka.sh" ]] || { echo "no Kafka peer scripts in $PEERS (set PEERS)" >&2; exit 1; }

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  "$PEERS/stop-kafka.sh" >/dev/null 2>&1 || true
  # the logs stay for a look afterwards; the records (gigabytes per run) do not
  find "$WORK" -mindepth 1 -maxdepth 2 -type d -name data -exec rm -rf {} +
  rm -rf "${KAFKA_PEER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/chronik-peers/kafka}/data"
}
trap cleanup EXIT

tool() { TOOL_HEAP=-Xmx512M "$PEERS/kafka-run.sh" "$@"; }

VOTERS="1@127.0.0.1:29193/29293,2@127.0.0.1:29194/29294,3@127.0.0.1:29195/29295"
CHRONIK_BOOTSTRAP="127.0.0.1:29092,127.0.0.1:29093,127.0.0.1:29094"
KAFKA_BOOTSTRAP="127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094"
for i in 1 2 3; do
  mkdir -p "$WORK/node-$i"
  (cd "$WORK/node-$i" && CHRONIK_JAVA_OPTS="-Xmx512m" exec "$DIST/bin/chronik" run \
      --set node.id=$i --set cluster.id=bench-cluster --set cluster.voters="$VOTERS" \
      --set kafka.listener=127.0.0.1:$((29091 + i)) --set replication.listener=127.0.0.1:$((29192 + i)) \
      --set forwarding.listener=127.0.0.1:$((29292 + i)) --set console.enabled=false \
      --set data.dir="$WORK/node-$i/data" --set group.initial.rebalance.delay.ms=0 > "$WORK/node-$i/chronik.log" 2>&1) &
  pids+=($!)
done
echo "started Chronik nodes (data in $WORK); starting a 3-node Apache Kafka" >&2
"$PEERS/start-kafka.sh" 3 > "$WORK/kafka-start.log" 2>&1
for i in 1 2 3; do
  for _ in $(seq 1 60); do grep -q "started;" "$WORK/node-$i/chronik.log" && break; sleep 1; done
  grep -q "started;" "$WORK/node-$i/chronik.log" || { cat "$WORK/node-$i/chronik.log" >&2; exit 1; }
done

# produce NAME BOOTSTRAP TOPIC -> "rec/s MB/s p50 p99" from ProducerPerformance's summary line
produce() {
  local out
  out=$(tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "$2" --topic "$3" \
      --num-records "$RECORDS" --record-size "$SIZE" --throughput -1 --command-property acks=all 2>&1 | tail -1)
  echo "$1 produce $3: $out" >&2
  awk -F'[ ,(]+' '/records sent/ {print $4, $6, $16, $22}' <<< "$out"
}

create_topic() {
  tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$1" --create --topic "$2" \
      --partitions "$PARTITIONS" --replication-factor 3 --config min.insync.replicas=2 > /dev/null
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

echo "| round | Kafka rec/s | Chronik rec/s | ratio | Kafka p99 ms | Chronik p99 ms |"
echo "|---|---:|---:|---:|---:|---:|"
for round in 1 2; do
  topic="cluster-bench-$round"
  create_topic "$KAFKA_BOOTSTRAP" "$topic"
  create_topic "$CHRONIK_BOOTSTRAP" "$topic"
  if (( round == 1 )); then
    read -r k_rate k_mb k_p50 k_p99 < <(produce kafka "$KAFKA_BOOTSTRAP" "$topic") || true
    read -r c_rate c_mb c_p50 c_p99 < <(produce chronik "$CHRONIK_BOOTSTRAP" "$topic") || true
  else
    read -r c_rate c_mb c_p50 c_p99 < <(produce chronik "$CHRONIK_BOOTSTRAP" "$topic") || true
    read -r k_rate k_mb k_p50 k_p99 < <(produce kafka "$KAFKA_BOOTSTRAP" "$topic") || true
  fi
  echo "| $round: $PARTITIONS partitions, RF 3, ${SIZE} B, acks=all | ${k_rate:-fail} | ${c_rate:-fail} | $(ratio "${c_rate:-0}" "${k_rate:-0}") | ${k_p99:-} | ${c_p99:-} |"
done
for pid in "${pids[@]}"; do
  grep -E "^VmRSS" "/proc/$pid/status" 2>/dev/null | sed "s/^/chronik pid $pid /" >&2 || true
done
