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
    python -m tests.mutation_sample check survivors.txt tests/x/test_new.py   # does a new test kill them?

``shuffled`` is for a machine too loaded to finish the sample: it runs the sampled mutants itself,
in a random order (the same seed), each against the tests mutmut's stats pass found reaching its
function (``mutants/mutmut-stats.json``), until a deadline; the mutants it reached are a prefix of
a random permutation of a uniform sample, so they are a uniform sample themselves (mutmut's own
order, cheapest tests first, is not). Its verdicts are written to ``shuffled.tsv``:

    nice -n 15 python -m tests.mutation_sample shuffled sample.txt --seed 27 --minutes 20 --workers 1

Run again, it skips the mutants ``shuffled.tsv`` already holds and goes on along the same order.

``check`` runs the given tests once per mutant inside ``mutants/``, with the mutant switched on
the way mutmut's own workers do it (``MUTANT_UNDER_TEST``), and once with none: a new test counts
only if it passes on the code and fails on the mutant. It changes no mutmut configuration, so
mutmut's cached verdicts for the rest of the sample stay valid.

``score`` counts a mutant as killed only when mutmut says so (a test failed, or pytest errored);
"survived", "no tests" (no selected test reaches the function) and "timeout" are not killed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
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


def failing_test(name: str, tests: list[str], timeout: float = 900) -> str | None:
    """The first of ``tests`` that fails with mutant ``name`` switched on ("" runs the unmutated
    code), "timeout" past ``timeout`` seconds, or None when all pass."""
    env = {**os.environ, "MUTANT_UNDER_TEST": name, "PYTHONPATH": "src"}
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-x",
        "-rfE",
        "-p",
        "no:randomly",
        "-p",
        "no:cacheprovider",
    ]
    try:
        done = subprocess.run(
            [*command, *tests], cwd=MUTANTS, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return "timeout"
    if done.returncode == 0:
        return None
    failed = [line.split()[1] for line in done.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))]
    return failed[0] if failed else f"exit {done.returncode}"


def killed_by(name: str, tests: list[str]) -> bool:
    """Whether ``tests`` fail with mutant ``name`` switched on ("" runs the unmutated code)."""
    return failing_test(name, tests) not in (None, "timeout")


def shuffled(names: list[str], seed: int, minutes: float, workers: int = 2) -> dict[str, str]:
    """Each mutant's verdict, run in a seeded random order until ``minutes`` have passed."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    from mutmut.utils.format_utils import mangled_name_from_mutant_name

    stats = json.loads((MUTANTS / "mutmut-stats.json").read_text())["tests_by_mangled_function_name"]
    order = list(names)
    random.Random(seed).shuffle(order)
    deadline = time.monotonic() + minutes * 60
    verdicts = _verdicts_so_far(Path("shuffled.tsv"))

    def one(name: str) -> None:
        if name in verdicts or time.monotonic() > deadline:
            return
        tests = sorted(stats.get(mangled_name_from_mutant_name(name), []))
        failed = failing_test(name, tests) if tests else None
        verdicts[name] = (
            "no tests"
            if not tests
            else "survived"
            if failed is None
            else "timeout"
            if failed == "timeout"
            else "killed"
        )
        with Path("shuffled.tsv").open("a") as handle:
            handle.write(f"{order.index(name)}\t{verdicts[name]}\t{name}\t{failed or ''}\n")

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, order))
    return verdicts


def _verdicts_so_far(path: Path) -> dict[str, str]:
    """The verdicts an earlier ``shuffled`` run wrote (position, verdict, name, test): a run
    stopped by its deadline goes on where it stopped, in the same order, when run again."""
    if not path.exists():
        return {}
    rows = [line.split("\t") for line in path.read_text().splitlines() if line]
    return {row[2]: row[1] for row in rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("generate")
    sample = commands.add_parser("sample")
    sample.add_argument("--seed", type=int, required=True)
    sample.add_argument("--size", type=int, required=True)
    score = commands.add_parser("score")
    score.add_argument("sample_file", type=Path)
    run = commands.add_parser("shuffled")
    run.add_argument("sample_file", type=Path)
    run.add_argument("--seed", type=int, required=True)
    run.add_argument("--minutes", type=float, required=True)
    run.add_argument("--workers", type=int, default=2, help="mutants run at once (1 on a loaded machine)")
    check = commands.add_parser("check")
    check.add_argument("names_file", type=Path)
    check.add_argument("tests", nargs="+")
    args = parser.parse_args(argv)

    if args.command == "generate":
        print(f"{generate()} mutants")
    elif args.command == "sample":
        print("\n".join(draw(mutant_names(), args.seed, args.size)))
    elif args.command == "shuffled":
        verdicts = shuffled(args.sample_file.read_text().split(), args.seed, args.minutes, args.workers)
        killed = sum(v == "killed" for v in verdicts.values())
        low, high = wilson(killed, len(verdicts))
        print(f"{killed} of {len(verdicts)} run killed, 95% interval [{low:.1%}, {high:.1%}]")
    elif args.command == "check":
        if killed_by("", args.tests):
            print("the tests fail on the unmutated code")
            return 1
        for name in args.names_file.read_text().split():
            print(f"{'killed' if killed_by(name, args.tests) else 'survived'}\t{name}")
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
