#!/usr/bin/env bash
# Builds the benchmarks jar and runs the WAL comparison: the disruptor WAL and the naive
# write+force-per-append baseline with 1, 8 and 64 appenders on one shared log, plus the disk's raw
# fsync rate; then prints one markdown table (see wal_bench_table.py). About 6 minutes on 2 cores.
#
#   chronik-bench/run-wal-bench.sh            # data under chronik-bench/target/wal-bench/data
#   CHRONIK_BENCH_DIR=/mnt/ssd/x chronik-bench/run-wal-bench.sh   # measure another disk (not tmpfs)
#
# Results (JMH JSON and logs) stay in chronik-bench/target/wal-bench/.
set -euo pipefail

bench="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$bench")"
out="$bench/target/wal-bench"
data="${CHRONIK_BENCH_DIR:-$out/data}"

(cd "$root" && mvn -B -q -pl chronik-bench -am package -DskipTests)
rm -rf "$out"
mkdir -p "$out" "$data"

jar="$bench/target/benchmarks.jar"
iterations=(-f 1 -wi 2 -w 2s -i 5 -r 3s -jvmArgsAppend "-Dchronik.bench.dir=$data")

run() { # run <name> <jmh args...>: one JMH invocation, JSON to $out/<name>.json
    local name="$1"
    shift
    echo "== $name" >&2
    java -jar "$jar" "$@" "${iterations[@]}" -rf json -rff "$out/$name.json" >"$out/$name.log" 2>&1
    # A benchmark that throws is reported by JMH as <failure>; show why, the table marks it not measured.
    grep -A2 '<failure>' "$out/$name.log" | grep -E 'Exception|Error' | sort -u | sed 's/^/   failed: /' >&2 || true
}

expect=()
for threads in 1 8 64; do
    run "append-t$threads" 'io.chronik.bench.wal.WalAppendBenchmark' -t "$threads"
    expect+=(--expect "WalAppendBenchmark.disruptorWal@$threads" --expect "WalAppendBenchmark.naiveFsyncPerAppend@$threads")
done
run raw-fsync 'io.chronik.bench.wal.RawFsyncBenchmark'
expect+=(--expect "RawFsyncBenchmark.writeAndForce@1")

echo
echo "WAL benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, data in $data"
echo
python3 "$bench/wal_bench_table.py" "${expect[@]}" "$out"/*.json
