#!/usr/bin/env python3
"""compare.sh's summary: per mode and scenario, the medians over rounds of req/s, p50 and p99, and
the median of the per-round ratios of req/s to `bare` (same round, same scenario), with their
min and max. Writes OUT/summary.tsv and OUT/ratios.tsv (the chart's data), prints a Markdown table.

    compare-summary.py RESULTS.tsv OUT_DIR
"""
import csv
import statistics
import sys
from collections import defaultdict


def main(results_path, out):
    with open(results_path, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if not rows:
        sys.exit("compare-summary: no measurements in " + results_path)
    modes = list(dict.fromkeys(row["mode"] for row in rows))
    modes.sort(key=lambda m: (m != "bare",))  # bare first, then the order of the first round
    scenarios = ["valid", "unknown"]
    by = defaultdict(list)
    rps = {}
    for row in rows:
        by[(row["mode"], row["scenario"])].append(row)
        rps[(row["round"], row["mode"], row["scenario"])] = float(row["rps"])

    summary = []
    for mode in modes:
        for scenario in scenarios:
            measured = by.get((mode, scenario), [])
            if not measured:
                continue
            ratios = [rps[(r["round"], mode, scenario)] / rps[(r["round"], "bare", scenario)]
                      for r in measured if (r["round"], "bare", scenario) in rps]
            summary.append({
                "mode": mode,
                "scenario": scenario,
                "rounds": len(measured),
                "rps": statistics.median(float(r["rps"]) for r in measured),
                "p50_ms": statistics.median(float(r["p50_ms"]) for r in measured),
                "p99_ms": statistics.median(float(r["p99_ms"]) for r in measured),
                "ratio": statistics.median(ratios) if ratios else None,
                "ratio_min": min(ratios) if ratios else None,
                "ratio_max": max(ratios) if ratios else None,
                "unsettled": sum(r["settled"] != "yes" for r in measured),
                "unexpected": sum(int(r["unexpected"]) for r in measured),
            })

    def fmt(value, pattern):
        return "" if value is None else pattern.format(value)

    columns = ["mode", "scenario", "rounds", "rps", "p50_ms", "p99_ms", "ratio", "ratio_min", "ratio_max",
               "unsettled", "unexpected"]
    with open(out + "/summary.tsv", "w") as f:
        f.write("\t".join(columns) + "\n")
        for s in summary:
            f.write("\t".join(fmt(s[c], "{:.3f}") if isinstance(s[c], float) else str(s[c]) for c in columns) + "\n")

    # The chart's data: one line per mode, valid then unknown, each ratio with its min and max.
    with open(out + "/ratios.tsv", "w") as f:
        f.write("mode\tvalid\tvalid_min\tvalid_max\tunknown\tunknown_min\tunknown_max\n")
        for mode in modes:
            cells = [mode]
            for scenario in scenarios:
                s = next((s for s in summary if s["mode"] == mode and s["scenario"] == scenario), None)
                for key in ("ratio", "ratio_min", "ratio_max"):
                    cells.append(fmt(s and s[key], "{:.4f}") or "NaN")
            f.write("\t".join(cells) + "\n")

    print("| mode | scenario | req/s (median) | p50 ms | p99 ms | req/s ÷ bare, same round (median, min–max) |")
    print("|---|---|---|---|---|---|")
    for s in summary:
        ratio = "" if s["ratio"] is None else "{:.2f} ({:.2f}–{:.2f})".format(s["ratio"], s["ratio_min"], s["ratio_max"])
        print("| {} | {} | {:,.0f} | {:.2f} | {:.2f} | {} |".format(
            s["mode"], s["scenario"], s["rps"], s["p50_ms"], s["p99_ms"], ratio))
    rounds = max(s["rounds"] for s in summary)
    print()
    print("Medians over {} round(s); `bare` has no filter, so its unknown key gets 200 like its valid one.".format(rounds))
    for s in summary:
        if s["unsettled"] and s["scenario"] == summary[0]["scenario"]:  # one warm-up per mode and round
            print("WARNING: {}: the warm-up did not settle in {} of {} rounds".format(
                s["mode"], s["unsettled"], s["rounds"]))
        if s["unexpected"]:
            print("WARNING: {} ({}): {} unexpected answers".format(s["mode"], s["scenario"], s["unexpected"]))
    if not any(s["mode"] == "bare" for s in summary):
        print("WARNING: no `bare` mode in this run, so no ratios")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
