"""The summary of a .ci/gpu run, as Markdown on stdout: the machine, the counts and
failures of each pytest run, and the benchmark figures. Usage: python .ci/gpu_summary.py OUT
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import torch

RUNS = {
    "cuda": "CUDA variants (-m cuda)",
    "spec": "whole spec, both devices",
    "bench": "benchmarks",
}


def driver() -> str:
    try:
        query = ["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"]
        return subprocess.run(query, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "none (no nvidia-smi)"


def counts(xml: Path) -> tuple[dict[str, int], list[str]]:
    """Passed, failed, skipped and expected-failure counts, and the failing node ids."""
    tally = {"passed": 0, "failed": 0, "skipped": 0, "xfailed": 0}
    failing = []
    for case in ElementTree.parse(xml).iter("testcase"):
        kinds = {child.tag: child for child in case}
        node = f"{case.get('classname')}::{case.get('name')}"
        if "failure" in kinds or "error" in kinds:
            tally["failed"] += 1
            failing.append(node)
        elif "skipped" in kinds:
            expected = (kinds["skipped"].get("type") or "") == "pytest.xfail"
            tally["xfailed" if expected else "skipped"] += 1
        else:
            tally["passed"] += 1
    return tally, failing


def main(out: Path) -> None:
    devices = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
    lines = [
        "# .ci/gpu summary",
        "",
        f"- GPU: {', '.join(devices) or 'none (CPU rehearsal)'}",
        f"- driver: {driver()}",
        f"- torch {torch.__version__}, CUDA {torch.version.cuda or 'none'}, "
        f"cuDNN {torch.backends.cudnn.version() or 'none'}, Python {sys.version.split()[0]}",
        "",
        "| run | passed | failed | skipped | xfailed |",
        "|---|---|---|---|---|",
    ]
    failures = []
    for name, title in RUNS.items():
        xml = out / f"{name}.xml"
        if not xml.exists():
            lines.append(f"| {title} | did not run | | | |")
            continue
        tally, failing = counts(xml)
        lines.append(f"| {title} | {' | '.join(str(tally[k]) for k in tally)} |")
        failures += failing
    lines += ["", "Failures:" if failures else "Failures: none"]
    lines += [f"- `{node}`" for node in failures]
    spec = out / "spec.json"
    if spec.exists():
        claims = json.loads(spec.read_text())["claims"]
        statuses = {c["id"]: c["status"] for c in claims}
        odd = {claim: status for claim, status in statuses.items() if status != "passed"}
        lines += ["", f"Claims: {sum(s == 'passed' for s in statuses.values())} passed"]
        lines += [f"- {claim}: {status}" for claim, status in odd.items()]
    bench = out / "bench.json"
    if bench.exists():
        lines += ["", "| benchmark | figure |", "|---|---|"]
        for row in json.loads(bench.read_text())["benchmarks"]:
            info = row.get("extra_info", {})
            if "tracer / bare loop" in info:
                figure = (
                    f"tracer / bare loop {info['tracer / bare loop']:.3f} "
                    f"({info['confidence']:.0%} interval {info['interval low']:.3f} to "
                    f"{info['interval high']:.3f}, {info['pairs']} pairs); bare loop "
                    f"{info['GFLOP/s (bare loop)']:.1f} GFLOP/s"
                )
            elif "GFLOP/s" in info:
                figure = f"{info['GFLOP/s']:.1f} GFLOP/s, {info['layers per second']:.0f} layers/s"
            else:
                figure = f"median {row['stats']['median'] * 1e6:.1f} µs"
            lines.append(f"| `{row['name']}` | {figure} |")
    print("\n".join(lines))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
