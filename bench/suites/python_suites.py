"""The Python suites: every bench/python/*.py script, run as a program.

Each script is a self-contained benchmark (Python UDFs, the process backend,
...) that prints exactly one JSON object on stdout in the shape documented
in bench/README.md ("Python suites") and its progress on stderr. This suite
runs them one after another with

    /usr/bin/python3 SCRIPT --copra BINARY [--quick]

(TMPDIR pointing into the run's work directory), keeps each object under
its file name, and renders every one the same way: a table of measurements
(median, min-max, values/s, answer check) and a table of ratios against
their targets. A script that fails, times out or prints no JSON is recorded
with its error and the run goes on.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess

NAME = "python"
TITLE = "Python suites"
TIMEOUT_S = {True: 600, False: 3600}  # per script: quick, full


def scripts(repo):
    return sorted(p for p in (repo / "bench" / "python").glob("*.py")
                  if not p.name.startswith("_"))


def run(ctx) -> dict:
    out = {"scripts": {}}
    tmp = ctx.workdir / "python"
    tmp.mkdir(parents=True, exist_ok=True)
    os.chmod(tmp, 0o755)
    env = dict(os.environ, TMPDIR=str(tmp))
    for script in scripts(ctx.repo):
        cmd = ["/usr/bin/python3", str(script), "--copra", str(ctx.copra_binary)]
        if ctx.quick:
            cmd.append("--quick")
        ctx.log(f"python suite {script.name}: {' '.join(cmd[1:])}")
        entry = {"command": " ".join([f"bench/python/{script.name}"] + cmd[2:])}
        try:
            proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=None, env=env,
                                  timeout=TIMEOUT_S[ctx.quick], check=False)
        except subprocess.TimeoutExpired:
            entry["error"] = f"timed out after {TIMEOUT_S[ctx.quick]} s"
            ctx.log(f"{script.name}: {entry['error']}")
            out["scripts"][script.name] = entry
            continue
        text = proc.stdout.decode(errors="replace")
        try:
            result = json.loads(text)
            if not isinstance(result, dict):
                raise ValueError("not a JSON object")
            entry.update(result)
            if proc.returncode != 0:
                entry["exit_code"] = proc.returncode
        except ValueError as e:
            entry["error"] = (f"exit code {proc.returncode}, no JSON object on stdout ({e}): "
                              f"{text[-300:]}")
            ctx.log(f"{script.name}: {entry['error']}")
        out["scripts"][script.name] = entry
    return out


# --- report ------------------------------------------------------------------


def _ms(x: float) -> str:
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def _rate(x: float) -> str:
    for unit, div in (("e9", 1e9), ("e8", 1e8), ("e7", 1e7), ("e6", 1e6), ("e5", 1e5)):
        if x >= div:
            return f"{x / div:.1f}{unit}"
    return f"{x:,.0f}"


def _value(v) -> str:
    if isinstance(v, float):
        return f"{v:.3g}"
    if isinstance(v, list):
        return ", ".join(map(str, v))
    return str(v)


def _target(t: dict | None) -> str:
    if not t:
        return "–"
    parts = []
    if "max" in t:
        parts.append(f"≤ {t['max']:g}×")
    if "min" in t:
        parts.append(f"≥ {t['min']:g}×")
    return ", ".join(parts)


def _met(value, t: dict | None) -> str:
    if not t or value is None:
        return ""
    ok = ("max" not in t or value <= t["max"]) and ("min" not in t or value >= t["min"])
    return "yes" if ok else "**no**"


def _from_variants(r: dict) -> dict:
    """A result in the older process_bench shape ({"variants": {name: {runs_ms,
    ...}}, "ratios": {name: value}, "target": {name: minimum}}) in the
    documented shape, so results files written before the change still
    render."""
    if "measurements" in r or not isinstance(r.get("variants"), dict):
        return r
    out = {k: v for k, v in r.items() if k not in ("variants", "ratios", "target")}
    out["measurements"] = [
        {"label": name.replace("_", " "), "engine": "copra", "ms": v.get("runs_ms", []),
         "values": r.get("rows"), "correct": r.get("results_equal")}
        for name, v in r["variants"].items()]
    targets = r.get("target") or {}
    out["ratios"] = [
        {"label": name.replace("_", " "), "value": value,
         "target": {"min": targets[name]} if name in targets else None}
        for name, value in (r.get("ratios") or {}).items()]
    out.setdefault("settings", {k: r[k] for k in ("rows", "repeat", "cores", "loadavg_1m_before",
                                                  "loadavg_1m_after") if k in r})
    return out


def _section(file_name: str, r: dict) -> list[str]:
    r = _from_variants(r)
    lines = [f"### {r.get('title', file_name)}\n"]
    lines.append(f"`{r.get('command', file_name)}`"
                 + (f", {r['duration_s']:.0f} s" if "duration_s" in r else "") + "\n")
    if "error" in r and "measurements" not in r:
        lines.append(f"Did not run: {r['error']}\n")
        return lines
    if r.get("about"):
        lines.append(r["about"] + "\n")
    if r.get("settings"):
        lines.append("Settings: " + ", ".join(f"{k} `{_value(v)}`"
                                              for k, v in r["settings"].items()) + "\n")
    measurements = r.get("measurements", [])
    has_cpu = any(m.get("cpu_ms") for m in measurements)
    lines.append("| what | where | median ms (min–max) | values/s |"
                 + (" CPU ms (median) |" if has_cpu else "") + " answer |")
    lines.append("|---|---|---:|---:|" + ("---:|" if has_cpu else "") + "---|")
    for m in measurements:
        label = m["label"] + (f" <br><sub>{m['note']}</sub>" if m.get("note") else "")
        if m.get("error") or not m.get("ms"):
            lines.append(f"| {label} | {m.get('engine', '')} | error: "
                         f"{str(m.get('error', 'no timings'))[:200]} | |"
                         + (" |" if has_cpu else "") + " |")
            continue
        med = statistics.median(m["ms"])
        rate = _rate(m["values"] / (med / 1000)) if m.get("values") and med > 0 else "–"
        answer = {True: "ok", False: "**WRONG**", None: "–"}[m.get("correct")]
        cpu = ""
        if has_cpu:
            cpu = f" {_ms(statistics.median(m['cpu_ms']))} |" if m.get("cpu_ms") else " – |"
        lines.append(f"| {label} | {m.get('engine', '')} | {_ms(med)} "
                     f"({_ms(min(m['ms']))}–{_ms(max(m['ms']))}) | {rate} |{cpu} {answer} |")
    lines.append("")
    ratios = r.get("ratios", [])
    if ratios:
        has_cpu = any("value_cpu" in x for x in ratios)
        if has_cpu:
            lines.append("| ratio of medians | wall | met | CPU | met | target |")
            lines.append("|---|---:|---|---:|---|---:|")
        else:
            lines.append("| ratio of medians | measured | met | target |")
            lines.append("|---|---:|---|---:|")
        for x in ratios:
            label = x["label"] + (f" <br><sub>{x['note']}</sub>" if x.get("note") else "")
            cells = [label]
            for field in ("value", "value_cpu") if has_cpu else ("value",):
                value = x.get(field)
                cells.append("–" if value is None
                             else f"{value:.2f}×" if value < 10 else f"{value:.1f}×")
                cells.append(_met(value, x.get("target")))
            cells.append(_target(x.get("target")))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    for note in r.get("notes", []):
        lines.append(f"- {note}")
    if r.get("notes"):
        lines.append("")
    if r.get("exit_code"):
        lines.append(f"(the script exited with code {r['exit_code']})\n")
    return lines


def markdown(results: dict) -> str:
    lines = []
    if not results.get("scripts"):
        return "No scripts in bench/python/.\n"
    for file_name, r in results["scripts"].items():
        try:
            lines.extend(_section(file_name, r))
        except (KeyError, TypeError, ValueError) as e:
            # One script's odd output must not cost the whole report.
            lines.append(f"### {file_name}\n\nIts result could not be rendered ({e!r}); "
                         "see the results file.\n")
    return "\n".join(lines)
