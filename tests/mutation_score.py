"""Score of the last `mutmut run` (make mutants): killed / non-equivalent mutants, per module and in total.

Equivalent mutants (no behaviour changes, so no test can kill them) are listed with their reason
in tests/data/equivalent-mutants.tsv; the same list is explained in docs/testing.md. Exits 1 when
the total falls below the target, so a weakened test shows up as a failing `make mutants`.

    .venv/bin/python tests/mutation_score.py [--target 0.85]
"""

import argparse
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT = ROOT / "tests" / "data" / "equivalent-mutants.tsv"


def results():
    """{mutant name: status} from mutmut."""
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mutmut"), "results", "--all", "true"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pairs = (line.strip().rsplit(": ", 1) for line in out.splitlines() if ": " in line)
    return {name: status for name, status in pairs}


def equivalent():
    lines = EQUIVALENT.read_text(encoding="utf-8").splitlines()[1:] if EQUIVALENT.exists() else []
    return {line.split("\t")[0]: line.split("\t")[1] for line in lines if line.strip()}


def module_of(name):
    """'methods.text.x_check__mutmut_1' -> 'methods/text.py'."""
    parts = name.split(".")
    return "/".join(parts[:2]) + ".py"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", type=float, default=0.85)
    args = parser.parse_args()
    found, accepted = results(), equivalent()
    per_module = defaultdict(Counter)
    unrun = Counter()
    survivors = []
    for name, status in found.items():
        module = module_of(name)
        if status == "not checked":  # outside the run's selection (a sampled module): neither killed nor survived
            unrun[module] += 1
            continue
        if name in accepted:
            per_module[module]["equivalent"] += 1
            continue
        per_module[module][status] += 1
        if status != "killed":
            survivors.append((name, status))
    total = Counter()
    print(f"{'module':32} {'mutants':>8} {'equiv.':>7} {'killed':>7} {'other':>6} {'score':>7}")
    for module in sorted(per_module):
        counts = per_module[module]
        total.update(counts)
        judged = sum(v for k, v in counts.items() if k != "equivalent")
        score = counts["killed"] / judged if judged else 1.0
        other = judged - counts["killed"]
        print(
            f"{module:32} {sum(counts.values()):8} {counts['equivalent']:7} {counts['killed']:7} {other:6} {score:7.1%}"
        )
    judged = sum(v for k, v in total.items() if k != "equivalent")
    score = total["killed"] / judged if judged else 1.0
    other = judged - total["killed"]
    print(f"{'total':32} {sum(total.values()):8} {total['equivalent']:7} {total['killed']:7} {other:6} {score:7.1%}")
    for module, count in sorted(unrun.items()):
        print(f"{module}: {count} further mutants not in this run's selection (sampled module)")
    stale = sorted(set(accepted) - set(found))
    if stale:
        print(f"\n{len(stale)} listed equivalent mutants no longer exist (the code changed): review the list.")
    if survivors:
        print("\nNot killed (see `.venv/bin/mutmut show NAME`):")
        for name, status in sorted(survivors):
            print(f"  {status:10} {name}")
    return 0 if score >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
