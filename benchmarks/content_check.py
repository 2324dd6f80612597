"""How long the content check takes on a long article (goal: ≤ 20 ms for 20,000 characters
against 5,000 words and wordings), matching and the article's plain text both counted.

    .venv/bin/python -m benchmarks.content_check [--runs N] [--words N] [--chars N]
"""

import argparse
import random
import statistics
import time

# Common characters of official text, so that words and text share prefixes as real ones do.
ALPHABET = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下"
    "过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都"
    "两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重"
    "新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
    "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知"
    "较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
)


def article_text(chars, rng):
    paragraphs, size = [], 0
    while size < chars:
        paragraph = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(80, 240)))
        paragraphs.append(f"<p>{paragraph}。</p>")
        size += len(paragraph) + 1
    return "".join(paragraphs)


def main(argv=None):
    import django

    django.setup()
    from news.content_check import Checker, plain_text

    arguments = argparse.ArgumentParser(description="Check a long article against many words.")
    arguments.add_argument("--runs", type=int, default=200)
    arguments.add_argument("--words", type=int, default=5000)
    arguments.add_argument("--chars", type=int, default=20000)
    options = arguments.parse_known_args(argv)[0]
    rng = random.Random(16)
    words = {"".join(rng.choice(ALPHABET) for _ in range(rng.randint(2, 6))) for _ in range(options.words)}
    words = sorted(words)
    half = len(words) // 2
    checker = Checker(words[:half], [(wrong, wrong + "正") for wrong in words[half:]])
    body = article_text(options.chars, rng)
    text = plain_text(body)
    result = checker.check(text)  # warm-up
    timings = {"match": [], "plain text and match": []}
    for _ in range(options.runs):
        start = time.perf_counter()
        checker.check(text)
        middle = time.perf_counter()
        checker.check(plain_text(body))
        end = time.perf_counter()
        timings["match"].append((middle - start) * 1000)
        timings["plain text and match"].append((end - middle) * 1000)
    print(f"content check: {len(text)} characters, {len(words)} words and wordings, "
          f"{len(result.blocked)} + {len(result.warnings)} hits, {options.runs} runs")
    for name, values in timings.items():
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1]
        median = statistics.median(values)
        print(f"  {name}: median {median:.2f} ms, p95 {p95:.2f} ms, max {values[-1]:.2f} ms")


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingzhou_union.settings")
    main()
