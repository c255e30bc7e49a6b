#!/usr/bin/env bash
# Builds the benchmarks jar and runs the WAL comparison: the disruptor WAL and the naive
# write+force-per-append baseline with 1, 8 and 64 appenders on one shared log, plus the disk's raw
# fsync rate; then prints one markdown table per run (see wal_bench_table.py). About 6 minutes per run
# on 2 cores.
#
#   chronik-bench/run-wal-bench.sh            # data under chronik-bench/target/wal-bench/data
#   CHRONIK_BENCH_DIR=/mnt/ssd/x chronik-bench/run-wal-bench.sh   # measure another disk (not tmpfs)
#   CHRONIK_BENCH_RUNS=3 chronik-bench/run-wal-bench.sh           # the whole comparison 3 times, then
#                                                                 # the spread of the 64-appender target
#   CHRONIK_BENCH_THREADS="64" chronik-bench/run-wal-bench.sh     # only some appender counts
#
# On a shared machine compare figures only within one run (the disk's speed swings from minute to
# minute): each run's table carries the load average before and after each of its parts.
# Results (JMH JSON, logs, load averages) stay in chronik-bench/target/wal-bench/run-<n>/.
set -euo pipefail

bench="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$bench")"
out="$bench/target/wal-bench"
data="${CHRONIK_BENCH_DIR:-$out/data}"
runs="${CHRONIK_BENCH_RUNS:-1}"
threads_list="${CHRONIK_BENCH_THREADS:-1 8 64}"

(cd "$root" && mvn -B -q -pl chronik-bench -am package -DskipTests)
rm -rf "$out"
mkdir -p "$out" "$data"

jar="$bench/target/benchmarks.jar"
iterations=(-f 1 -wi 2 -w 2s -i 5 -r 3s -jvmArgsAppend "-Dchronik.bench.dir=$data")

load() { cut -d' ' -f1-3 /proc/loadavg; }

run() { # run <dir> <name> <jmh args...>: one JMH invocation, JSON to <dir>/<name>.json
    local dir="$1" name="$2"
    shift 2
    echo "== $name" >&2
    local before
    before="$(load)"
    java -jar "$jar" "$@" "${iterations[@]}" -rf json -rff "$dir/$name.json" >"$dir/$name.log" 2>&1
    echo "$name: load average $before before, $(load) after" >>"$dir/load.txt"
    # A benchmark that throws is reported by JMH as <failure>; show why, the table marks it not measured.
    grep -A2 '<failure>' "$dir/$name.log" | grep -E 'Exception|Error' | sort -u | sed 's/^/   failed: /' >&2 || true
}

expect=()
for threads in $threads_list; do
    expect+=(--expect "WalAppendBenchmark.disruptorWal@$threads" --expect "WalAppendBenchmark.naiveFsyncPerAppend@$threads")
done
expect+=(--expect "RawFsyncBenchmark.writeAndForce@1")

dirs=()
for n in $(seq 1 "$runs"); do
    dir="$out/run-$n"
    mkdir -p "$dir"
    dirs+=("$dir")
    for threads in $threads_list; do
        run "$dir" "append-t$threads" 'io.chronik.bench.wal.WalAppendBenchmark' -t "$threads"
    done
    run "$dir" raw-fsync 'io.chronik.bench.wal.RawFsyncBenchmark'

    echo
    echo "WAL benchmark run $n of $runs, finished $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, data in $data"
    echo
    python3 "$bench/wal_bench_table.py" "${expect[@]}" "$dir"/*.json
    echo
    sed 's/^/    /' "$dir/load.txt"
done

if [ "$runs" -gt 1 ]; then
    echo
    python3 "$bench/wal_bench_table.py" --summary "${dirs[@]}"
fi
