"""How much the 五十音 (JIS X 4061) sort key costs against a plain code-point sort.

    python bench/bench_kana_sort.py [N]

Sorts N random readings (mixed hiragana, katakana, half-width, ー and voiced kana) five times
each way and prints the medians and their ratio.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from app.domain.kana import sort_key, to_katakana

KANA = (
    "あいうえおかきくけこがぎぐげごさしすせそざじずぜぞたちつてとだでなにぬねのはひふへほ"
    "ばびぶべぼぱぴぷぺぽまみむめもやゆよらりるれろわをんゃゅょっー"
)


def readings(n: int, seed: int = 4061) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        word = "".join(rng.choice(KANA[:-6]) + rng.choice(KANA) for _ in range(rng.randint(1, 4)))
        out.append(to_katakana(word) if rng.random() < 0.4 else word)
    return out


def median_seconds(fn, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(n: int) -> None:
    data = readings(n)
    raw = median_seconds(lambda: sorted(data))
    keyed = median_seconds(lambda: sorted(data, key=sort_key))
    print(f"readings: {n:,}")
    print(f"plain sorted() (code points, wrong order): median {raw * 1000:8.1f} ms")
    print(f"sorted(key=sort_key) (五十音 order):        median {keyed * 1000:8.1f} ms")
    print(f"ratio: {keyed / raw:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
