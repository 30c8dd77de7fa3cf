"""Run every benchmark; exit 1 when any budget is missed."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import (  # noqa: E402
    bench_backup,
    bench_chair,
    bench_crash,
    bench_encryption,
    bench_export,
    bench_filter,
    bench_import,
    bench_window,
)

SUITE = [
    bench_window,
    bench_filter,
    bench_chair,
    bench_import,
    bench_export,
    bench_backup,
    bench_crash,
    bench_encryption,
]


def main() -> int:
    results = []
    for module in SUITE:
        print(f"-- {module.__name__.split('.')[-1]}: {module.__doc__.strip().splitlines()[0]}")
        for result in module.run():
            print(result.line(), flush=True)
            results.append(result)
    failed = [r for r in results if not r.ok]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
