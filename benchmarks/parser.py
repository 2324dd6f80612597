"""How long parsing the seed bulletin takes (goal: well under 20 ms).

    .venv/bin/python -m benchmarks.parser [--runs N]
"""

import argparse
import statistics
import time
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "demo" / "fixtures" / "bulletin-2020-62.txt"


def main(argv=None):
    from imports.parser import parse_bulletin  # no Django needed: a plain module

    arguments = argparse.ArgumentParser(description="Parse the seed bulletin repeatedly.")
    arguments.add_argument("--runs", type=int, default=500)
    runs = arguments.parse_known_args(argv)[0].runs
    text = SEED.read_text(encoding="utf-8")
    parse_bulletin(text)  # warm-up: regex compilation and imports are not the parser's speed
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        parsed = parse_bulletin(text)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"parse seed bulletin ({len(text)} characters, {len(parsed.sections)} sections, "
        f"{len(parsed.plan.items)} plan items), {runs} runs: "
        f"median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms"
    )


if __name__ == "__main__":
    main()
