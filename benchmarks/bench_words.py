"""Time the word channel's build (word bags and the avoid-word table) on the synthetic fair.

    python -m benchmarks.bench_words            # 20,000 profiles, best of 3

The synthetic fair has no avoids, so a second case makes every fifth profile avoid another profile's
first offer. Prints a checksum of the weights and table values to compare trees.
"""

from __future__ import annotations

import argparse
import dataclasses
import time

import numpy as np


def main() -> None:
    from benchmarks.matching_fair import synthetic_profiles
    from matchmaker.core.matching.words import avoid_word_table, word_bags

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=20_000)
    n = parser.parse_args().n
    profiles = synthetic_profiles(n)
    with_avoids = [
        dataclasses.replace(p, avoids=profiles[(i * 7919) % n].items.offers[0]) if i % 5 == 0 else p
        for i, p in enumerate(profiles)
    ]
    for name, group in (("synthetic", profiles), ("every 5th avoids", with_avoids)):
        texts: list[str] = []
        owners: list[int] = []
        avoids: list[bool] = []
        for i, p in enumerate(group):
            for avoid, items in (
                (False, p.items.offers),
                (False, p.items.seeks),
                (True, p.items.avoid_texts),
            ):
                texts += items
                owners += [i] * len(items)
                avoids += [avoid] * len(items)
        owner, is_avoid = np.array(owners), np.array(avoids, dtype=bool)
        bags_seconds = table_seconds = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            bags = word_bags(texts)
            bags_seconds = min(bags_seconds, time.perf_counter() - started)
            started = time.perf_counter()
            table = avoid_word_table(bags, owner, is_avoid, n)
            table_seconds = min(table_seconds, time.perf_counter() - started)
        print(
            f"{name}: {len(texts)} texts ({len(set(texts))} distinct), {int(is_avoid.sum())} avoids; "
            f"word bags {bags_seconds:.3f} s, table {table_seconds:.3f} s ({len(table.keys)} pairs); "
            f"checksums {bags.weights.astype(np.float64).sum():.6f} "
            f"{table.values.astype(np.float64).sum():.6f}"
        )


if __name__ == "__main__":
    main()
