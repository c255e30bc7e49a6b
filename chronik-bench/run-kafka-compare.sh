#!/usr/bin/env bash
# Chronik against Apache Kafka on this machine, side by side in one run, with Kafka's own
# ProducerPerformance and ConsumerPerformance as the clients.
#
#   chronik-bench/run-kafka-compare.sh [RECORDS] [RECORD_SIZE] [ROUNDS]     (defaults 200000, 1024 and 3)
#
# Needs the unpacked distribution (mvn -B -q -DskipTests package) and the Apache Kafka jars fetched by
# ../shared/peers/kafka/get-kafka.sh (PEERS overrides that directory). Both servers run on loopback (Chronik,
# like the Kafka peer, with group.initial.rebalance.delay.ms=0) with
# -Xmx512m for Chronik and Kafka's default peer heap; Chronik fsyncs every acknowledged batch (wal.flush.policy
# batch), Kafka runs with its defaults (no fsync). Every case runs against both servers, alternating which
# goes first, and the table gives Chronik/Kafka ratios from that one run: the machine is shared and noisy,
# so only ratios measured together mean anything. Each case runs ROUNDS times against both servers (the
# produce rounds append to the same topic, each consume round reads RECORDS from the start with a new
# group), and the table gives each column's median; every round's ratios go to stderr. One produce and
# consume against each server warms both up first. A second table gives the CPU seconds each server
# used while the tools ran (from /proc/<pid>/stat), which the noise of a shared machine hardly moves.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="${PEERS:-$ROOT/../shared/peers/kafka}"
RECORDS="${1:-200000}"
SIZE="${2:-1024}"
ROUNDS="${3:-3}"
CHRONIK_PORT=29092
KAFKA_PORT=19092
WORK="$(mktemp -d /tmp/chronik-compare.XXXXXX)"
DIST="$ROOT/chronik-dist/target/chronik"
[[ -x "$DIST/bin/chronik" ]] || { echo "build the distribution first: mvn -B -q -DskipTests package" >&2; exit 1; }
[[ -x "$PEERS/start-kafka.sh" ]] || { echo "no Kafka peer scripts in $PEERS (set PEERS)" >&2; exit 1; }

chronik_pid=""
cleanup() {
  [[ -n "$chronik_pid" ]] && kill "$chronik_pid" 2>/dev/null && wait "$chronik_pid" 2>/dev/null || true
  "$PEERS/stop-kafka.sh" >/dev/null 2>&1 || true
  # the logs stay for a look afterwards; the records (gigabytes per run) do not
  find "$WORK" -mindepth 1 -maxdepth 2 -type d -name data -exec rm -rf {} +
  rm -rf "${KAFKA_PEER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/chronik-peers/kafka}/data"
}
trap cleanup EXIT

tool() { TOOL_HEAP=-Xmx512M "$PEERS/kafka-run.sh" "$@"; }

echo "starting Chronik on 127.0.0.1:$CHRONIK_PORT (data in $WORK)" >&2
(cd "$WORK" && CHRONIK_JAVA_OPTS="-Xmx512m" exec "$DIST/bin/chronik" run \
    --set kafka.listener=127.0.0.1:$CHRONIK_PORT --set replication.listener=127.0.0.1:29093 \
    --set forwarding.listener=127.0.0.1:29094 --set console.listener=127.0.0.1:29080 \
    --set data.dir="$WORK/data" --set group.initial.rebalance.delay.ms=0 > "$WORK/chronik.log" 2>&1) &
chronik_pid=$!
echo "starting Apache Kafka on 127.0.0.1:$KAFKA_PORT" >&2
"$PEERS/start-kafka.sh" > "$WORK/kafka-start.log" 2>&1
for _ in $(seq 1 60); do grep -q "started;" "$WORK/chronik.log" && break; sleep 1; done
grep -q "started;" "$WORK/chronik.log" || { cat "$WORK/chronik.log" >&2; exit 1; }
kafka_pid=$(awk '/^node 1 pid/ {print $4}' "$WORK/kafka-start.log")
CLK_TCK=$(getconf CLK_TCK)

# cpu_ticks NAME -> the CPU time (user + system, in clock ticks) the named server's JVM has used so far
cpu_ticks() {
  local pid=$chronik_pid
  [[ $1 == kafka ]] && pid=$kafka_pid
  awk '{print $14 + $15}' "/proc/$pid/stat"
}

# cpu_seconds BEFORE AFTER -> the ticks between the two readings in seconds
cpu_seconds() { awk -v a="$1" -v b="$2" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", (b - a) / hz }'; }

# produce NAME PORT TOPIC ACKS -> "rec/s MB/s p50 p99 cpu" from ProducerPerformance's summary line, and
# the CPU seconds the server used meanwhile (robust to the machine's noise: it counts work, not time)
produce() {
  local out before
  before=$(cpu_ticks "$1")
  out=$(tool org.apache.kafka.tools.ProducerPerformance --bootstrap-server "127.0.0.1:$2" --topic "$3" \
      --num-records "$RECORDS" --record-size "$SIZE" --throughput -1 --command-property "acks=$4" 2>&1 | tail -1)
  echo "$1 produce $3 acks=$4: $out" >&2
  # "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, ..."
  awk -F'[ ,(]+' -v cpu="$(cpu_seconds "$before" "$(cpu_ticks "$1")")" '/records sent/ {print $4, $6, $16, $22, cpu}' <<< "$out"
}

# consume NAME PORT TOPIC -> "rec/s MB/s cpu" from ConsumerPerformance: the fetch rates, which leave out
# the time the consumer group took to form, and the server's CPU seconds meanwhile
consume() {
  local out before
  before=$(cpu_ticks "$1")
  out=$(tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "127.0.0.1:$2" --topic "$3" \
      --messages "$RECORDS" --timeout 60000 2>&1 | tail -1)
  echo "$1 consume $3: $out" >&2
  # start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
  awk -F', ' -v cpu="$(cpu_seconds "$before" "$(cpu_ticks "$1")")" 'NF >= 10 {print $10, $9, cpu}' <<< "$out"
}

create_topic() {
  tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$1" --create --topic "$2" \
      --partitions "$3" --replication-factor 1 > /dev/null
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# median V1 V2 ... -> the middle value (the lower middle for an even count)
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

# Warm-up, not reported: both JVMs (servers and tools alike) start cold, and the first 200,000-record
# produce ran at about three quarters of the later ones, whichever server went first.
for port in $KAFKA_PORT $CHRONIK_PORT; do
  create_topic "$port" bench-warmup 1
  produce warmup "$port" bench-warmup 1 > /dev/null || true
  consume warmup "$port" bench-warmup > /dev/null || true
done

cpu_rows=()
echo "| case | Kafka rec/s | Chronik rec/s | ratio | Kafka p99 ms | Chronik p99 ms | Kafka consume rec/s | Chronik consume rec/s | ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
n=0
for partitions in 1 6; do
  for acks in 1 all; do
    topic="bench-p$partitions-acks$acks"
    create_topic $KAFKA_PORT "$topic" "$partitions"
    create_topic $CHRONIK_PORT "$topic" "$partitions"
    k_rates=(); c_rates=(); k_p99s=(); c_p99s=(); kc_rates=(); cc_rates=(); k_cpus=(); c_cpus=(); kc_cpus=(); cc_cpus=()
    for round in $(seq 1 "$ROUNDS"); do
      n=$((n + 1))
      if (( n % 2 )); then
        read -r k_rate k_mb k_p50 k_p99 k_cpu < <(produce kafka $KAFKA_PORT "$topic" "$acks") || true
        read -r c_rate c_mb c_p50 c_p99 c_cpu < <(produce chronik $CHRONIK_PORT "$topic" "$acks") || true
        read -r kc_rate kc_mb kc_cpu < <(consume kafka $KAFKA_PORT "$topic") || true
        read -r cc_rate cc_mb cc_cpu < <(consume chronik $CHRONIK_PORT "$topic") || true
      else
        read -r c_rate c_mb c_p50 c_p99 c_cpu < <(produce chronik $CHRONIK_PORT "$topic" "$acks") || true
        read -r k_rate k_mb k_p50 k_p99 k_cpu < <(produce kafka $KAFKA_PORT "$topic" "$acks") || true
        read -r cc_rate cc_mb cc_cpu < <(consume chronik $CHRONIK_PORT "$topic") || true
        read -r kc_rate kc_mb kc_cpu < <(consume kafka $KAFKA_PORT "$topic") || true
      fi
      echo "round $round of $topic: produce ratio $(ratio "${c_rate:-0}" "${k_rate:-0}"), consume ratio $(ratio "${cc_rate:-0}" "${kc_rate:-0}")" >&2
      k_rates+=("${k_rate:-0}"); c_rates+=("${c_rate:-0}"); k_p99s+=("${k_p99:-0}"); c_p99s+=("${c_p99:-0}")
      kc_rates+=("${kc_rate:-0}"); cc_rates+=("${cc_rate:-0}")
      k_cpus+=("${k_cpu:-0}"); c_cpus+=("${c_cpu:-0}"); kc_cpus+=("${kc_cpu:-0}"); cc_cpus+=("${cc_cpu:-0}")
    done
    cpu_rows+=("| $partitions partition(s), ${SIZE} B, acks=$acks | $(median "${k_cpus[@]}") | $(median "${c_cpus[@]}") | $(median "${kc_cpus[@]}") | $(median "${cc_cpus[@]}") |")
    k_rate=$(median "${k_rates[@]}"); c_rate=$(median "${c_rates[@]}")
    kc_rate=$(median "${kc_rates[@]}"); cc_rate=$(median "${cc_rates[@]}")
    echo "| $partitions partition(s), ${SIZE} B, acks=$acks | $k_rate | $c_rate | $(ratio "$c_rate" "$k_rate") | $(median "${k_p99s[@]}") | $(median "${c_p99s[@]}") | $kc_rate | $cc_rate | $(ratio "$cc_rate" "$kc_rate") |"
  done
done
echo
echo "Server CPU seconds (user + system) while the tools ran, median of the rounds:"
echo
echo "| case | Kafka produce | Chronik produce | Kafka consume | Chronik consume |"
echo "|---|---:|---:|---:|---:|"
printf '%s\n' "${cpu_rows[@]}"
grep -E "^VmRSS|^VmHWM" "/proc/$chronik_pid/status" 2>/dev/null | sed 's/^/chronik /' >&2 || true
