#!/usr/bin/env python3
"""Prints JMH JSON results of the WAL benchmarks as one markdown table.

Usage: wal_bench_table.py [--expect Benchmark.method@threads ...] result.json ...
       wal_bench_table.py --summary run-dir ...

Rows are (benchmark method, threads). Throughput (thrpt) rows give appends/s, summed over threads;
sample-time rows give latency percentiles of one append. An expected row with no result (a failed or
skipped benchmark) is printed as "not measured", never guessed. The last line checks the WAL target:
at 64 appenders, the disruptor WAL must reach 20x the naive baseline's throughput with p99 < 5 ms.

--summary takes the result directories of several runs (each holding that run's *.json) and prints,
per run, the 64-appender figures the target is about, with the ratio computed within that run only,
then the spread (min, median, max) over the runs.
"""
import glob
import os
import statistics
import json
import math
import sys

TO_PER_SECOND = {"ops/ns": 1e9, "ops/us": 1e6, "ops/ms": 1e3, "ops/s": 1.0, "ops/min": 1 / 60}
TO_MILLIS = {"ns/op": 1e-6, "us/op": 1e-3, "ms/op": 1.0, "s/op": 1e3}


def load(paths):
    rows = {}
    for path in paths:
        with open(path) as f:
            for result in json.load(f):
                name = result["benchmark"].rsplit(".", 2)
                key = (name[-2] + "." + name[-1], result["threads"])
                row = rows.setdefault(key, {})
                metric = result["primaryMetric"]
                unit = metric["scoreUnit"]
                if result["mode"] == "thrpt":
                    scale = TO_PER_SECOND[unit]
                    row["rate"] = metric["score"] * scale
                    error = float(metric["scoreError"])  # JMH writes "NaN" when there are too few iterations
                    row["rate_error"] = None if math.isnan(error) else error * scale
                elif result["mode"] == "sample":
                    scale = TO_MILLIS[unit]
                    percentiles = metric["scorePercentiles"]
                    row["p50"] = percentiles["50.0"] * scale
                    row["p99"] = percentiles["99.0"] * scale
                    row["p999"] = percentiles["99.9"] * scale
    return rows


def cell(row, key, fmt):
    return fmt.format(row[key]) if key in row else "not measured"


def target(rows):
    """(ratio, p99 ms, wal rate, naive rate) at 64 appenders, or None if a figure is missing."""
    wal = rows.get(("WalAppendBenchmark.disruptorWal", 64), {})
    naive = rows.get(("WalAppendBenchmark.naiveFsyncPerAppend", 64), {})
    if "rate" in wal and "rate" in naive and "p99" in wal:
        return wal["rate"] / naive["rate"], wal["p99"], wal["rate"], naive["rate"]
    return None


def summary(dirs):
    print("| run | WAL appends/s | naive appends/s | ratio | WAL p50 ms | WAL p99 ms | raw fsync p99 ms | target |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    ratios, p99s = [], []
    for d in dirs:
        rows = load(sorted(glob.glob(os.path.join(d, "*.json"))))
        t = target(rows)
        name = os.path.basename(os.path.normpath(d))
        if t is None:
            print("| {} | not measured | | | | | | |".format(name))
            continue
        ratio, p99, wal_rate, naive_rate = t
        ratios.append(ratio)
        p99s.append(p99)
        raw = rows.get(("RawFsyncBenchmark.writeAndForce", 1), {})
        print("| {} | {:,.0f} | {:,.0f} | {:.1f}x | {:.3f} | {:.3f} | {} | {} |".format(
            name, wal_rate, naive_rate, ratio, rows[("WalAppendBenchmark.disruptorWal", 64)].get("p50", float("nan")),
            p99, cell(raw, "p99", "{:.3f}"), "met" if ratio >= 20 and p99 < 5 else "NOT met"))
    if ratios:
        print("\nOver {} runs: ratio min {:.1f}x / median {:.1f}x / max {:.1f}x; p99 min {:.3f} / median {:.3f} / "
              "max {:.3f} ms; target met in {} of {}".format(
                  len(ratios), min(ratios), statistics.median(ratios), max(ratios), min(p99s),
                  statistics.median(p99s), max(p99s),
                  sum(1 for r, p in zip(ratios, p99s) if r >= 20 and p < 5), len(ratios)))


def main(argv):
    if argv and argv[0] == "--summary":
        summary(argv[1:])
        return
    expected, paths = [], []
    args = iter(argv)
    for arg in args:
        if arg == "--expect":
            name, threads = next(args).rsplit("@", 1)
            expected.append((name, int(threads)))
        else:
            paths.append(arg)
    rows = load(paths)
    for key in expected:
        rows.setdefault(key, {})

    print("| benchmark | appenders | appends/s | p50 ms | p99 ms | p99.9 ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for (name, threads), row in sorted(rows.items()):
        rate = "not measured" if "rate" not in row else "{:,.0f}".format(row["rate"])
        if row.get("rate_error") is not None:
            rate += " ± {:,.0f}".format(row["rate_error"])
        print("| {} | {} | {} | {} | {} | {} |".format(name, threads, rate, cell(row, "p50", "{:.3f}"),
                                                      cell(row, "p99", "{:.3f}"), cell(row, "p999", "{:.3f}")))

    t = target(rows)
    if t is not None:
        ratio, p99 = t[0], t[1]
        met = ratio >= 20 and p99 < 5
        print("\nTarget at 64 appenders (>= 20x naive throughput, p99 < 5 ms): {} ({:.1f}x, p99 {:.3f} ms)"
              .format("met" if met else "NOT met", ratio, p99))
    else:
        print("\nTarget at 64 appenders (>= 20x naive throughput, p99 < 5 ms): not measured")


if __name__ == "__main__":
    main(sys.argv[1:])
