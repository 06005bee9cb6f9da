#!/usr/bin/env python3
"""Cuts a FixedRateLoad read log (-Dreads=FILE: "intendedStartEpochMs latencyMs status" per read) into
windows around a failure, so a tail can be placed in time: what the reads that started before the event,
in its first 100 ms, from then until the recovery event, and after it took.

  read-windows.py READS EVENT_MS [RECOVERY_MS]   (epoch milliseconds; RECOVERY_MS: e.g. SIGCONT)

Prints one WINDOW line per window (reads, errors, p50/p99/max, reads over 100 ms) and the reads over
100 ms by half second after the event (count and slowest), which says where the tail comes from.
"""
import math
import sys


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def window(name, reads):
    latencies = sorted(r[1] for r in reads)
    errors = sum(1 for r in reads if not 200 <= r[2] < 400)
    slow = sum(1 for v in latencies if v > 100)
    print(f"WINDOW {name:<28} reads {len(reads):6d} errors {errors:5d}  p50 {percentile(latencies, 50):8.1f} ms"
          f"  p99 {percentile(latencies, 99):8.1f} ms  max {latencies[-1] if latencies else float('nan'):8.1f} ms"
          f"  over 100 ms {slow:5d}")


def main():
    reads = []
    with open(sys.argv[1]) as log:
        for line in log:
            start, latency, status = line.split()
            reads.append((float(start), float(latency), int(status)))
    event = float(sys.argv[2])
    recovery = float(sys.argv[3]) if len(sys.argv) > 3 else math.inf
    window("before", [r for r in reads if r[0] < event])
    window("first 100 ms", [r for r in reads if event <= r[0] < event + 100])
    until = "until recovery" if recovery != math.inf else "until the end"
    window(f"after 100 ms {until}", [r for r in reads if event + 100 <= r[0] < recovery])
    if recovery != math.inf:
        window("after recovery", [r for r in reads if r[0] >= recovery])
    buckets = {}
    for start, latency, _ in reads:
        if latency > 100:
            bucket = math.floor((start - event) / 500) * 0.5
            count, worst = buckets.get(bucket, (0, 0.0))
            buckets[bucket] = (count + 1, max(worst, latency))
    text = ", ".join(f"{b:+.1f}s: {c} (max {w:.0f} ms)" for b, (c, w) in sorted(buckets.items()))
    print(f"OVER 100 MS by half second after the event{' (recovery at %+.1f s)' % ((recovery - event) / 1000) if recovery != math.inf else ''}: {text or 'none'}")


if __name__ == "__main__":
    main()
