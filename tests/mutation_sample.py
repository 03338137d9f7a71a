"""Mutation score of a large package from a uniform random sample of its mutants.

A full ``mutmut run`` over ``lists/`` or ``screening/`` (thousands of mutants) does not finish on
the two shared cores in a working session, so the score is estimated: every mutant mutmut would
make is generated (cheap), a uniform sample is drawn with a fixed seed, only the sample is run
(``mutmut run NAME ...``), and the share killed is reported with its 95% Wilson interval. Run it in
the scratch copy that holds the ``[tool.mutmut]`` configuration (docs/testing.md):

    python -m tests.mutation_sample generate            # writes mutants/, prints the count
    python -m tests.mutation_sample sample --seed 27 --size 150 > sample.txt
    nice -n 15 mutmut run $(cat sample.txt)
    python -m tests.mutation_sample score sample.txt    # killed / sampled, interval, survivors

``score`` counts a mutant as killed only when mutmut says so (a test failed, or pytest errored);
"survived", "no tests" (no selected test reaches the function) and "timeout" are not killed.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

MUTANTS = Path("mutants")


def generate() -> int:
    """Write every mutant of the configured ``only_mutate`` files under ``mutants/``; no test runs."""
    from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants, setup_source_paths
    from mutmut.mutation.trampoline import set_mutant_under_test

    set_mutant_under_test("mutant_generation")
    MUTANTS.mkdir(exist_ok=True)
    copy_src_dir()
    copy_also_copy_files()
    setup_source_paths()
    create_mutants(1)
    return len(mutant_names())


def _metas() -> list[dict[str, object]]:
    return [json.loads(path.read_text()) for path in sorted(MUTANTS.rglob("*.py.meta"))]


def mutant_names() -> list[str]:
    """Every generated mutant's name, sorted (so a seed draws the same sample on any machine)."""
    names: list[str] = []
    for meta in _metas():
        exit_codes = meta["exit_code_by_key"]
        assert isinstance(exit_codes, dict)
        names.extend(exit_codes)
    return sorted(names)


def draw(names: list[str], seed: int, size: int) -> list[str]:
    """A uniform sample without replacement, in name order."""
    return sorted(random.Random(seed).sample(names, min(size, len(names))))


def wilson(killed: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion: unlike p +- z*se it stays inside [0, 1]
    and keeps its coverage near 0.8-0.9 with a sample of a hundred or two."""
    if total == 0:
        return (0.0, 1.0)
    p = killed / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / (1 + z * z / total)
    return (centre - half, centre + half)


def statuses(sample: list[str]) -> dict[str, str]:
    """mutmut's verdict for each sampled mutant, from the ``.meta`` files it writes."""
    from mutmut.stats import status_by_exit_code

    codes: dict[str, object] = {}
    for meta in _metas():
        exit_codes = meta["exit_code_by_key"]
        assert isinstance(exit_codes, dict)
        codes.update(exit_codes)
    return {name: status_by_exit_code[codes.get(name)] for name in sample}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("generate")
    sample = commands.add_parser("sample")
    sample.add_argument("--seed", type=int, required=True)
    sample.add_argument("--size", type=int, required=True)
    score = commands.add_parser("score")
    score.add_argument("sample_file", type=Path)
    args = parser.parse_args(argv)

    if args.command == "generate":
        print(f"{generate()} mutants")
    elif args.command == "sample":
        print("\n".join(draw(mutant_names(), args.seed, args.size)))
    else:
        names = args.sample_file.read_text().split()
        verdicts = statuses(names)
        counts = Counter(verdicts.values())
        killed = counts["killed"]
        low, high = wilson(killed, len(names))
        print(
            f"{killed} of {len(names)} sampled mutants killed ({killed / len(names):.1%}), "
            f"95% interval [{low:.1%}, {high:.1%}]; of {len(mutant_names())} mutants in all"
        )
        print("verdicts: " + ", ".join(f"{status} {n}" for status, n in counts.most_common()))
        for name, status in sorted(verdicts.items()):
            if status != "killed":
                print(f"{status}\t{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
