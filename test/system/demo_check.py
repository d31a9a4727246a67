#!/usr/bin/env python3
"""Checks the output of `plumbline demo` against what the demo announces at its start.

Reads the demo's output on stdin. Fails (exit 1, one line per problem) unless:
- every drift feature and LLM incident the demo announces fired its announced alerts (or told its
  notice), and each resolved again, except those announced to stay firing (the day budget, the
  unpriced model);
- nothing else fired: no alert of the model announced to stay quiet, no rule or key not announced;
- the summary counts agree, and every webhook delivery had a valid signature.
"""
import re
import sys

ALERT = re.compile(r"^\d\d:\d\d:\d\d  (FIRING|RESOLVED|NOTICE) +(\S+) +(.*)$")


def announced(lines):
    """(rule, key) pairs the demo says to expect, and those of them expected to stay firing."""
    expected, staying = set(), set()
    drifting_model, quiet_model, in_drift_list = None, None, False
    for line in lines:
        m = re.match(r"^(\S+ v\S+) drifts in event-time windows", line)
        if m:
            drifting_model, in_drift_list = m.group(1), True
            continue
        if in_drift_list:
            feature = re.match(r"^\s+- (\w+)", line)
            if feature:
                expected.add(("drift", f"{drifting_model} {feature.group(1)}"))
                continue
            in_drift_list = False
        m = re.match(r"^(\S+ v\S+) never drifts", line)
        if m:
            quiet_model = m.group(1)
        m = re.match(r"^\s+- ([\w-]+/[\w-]+)( v\d+)?: .*; expect (.+)$", line)
        if m:
            for rule in re.split(r",\s*", m.group(3).strip()):
                expected.add((rule, m.group(1)))
        m = re.match(r"^\s+(tenant )?([\w-]+) may spend .*\(expect (\w+)\)(.*)$", line)
        if m:
            key = f"{'tenant' if m.group(1) else 'service'} {m.group(2)}"
            expected.add((m.group(3), key))
            if "stays over" in m.group(4):
                staying.add((m.group(3), key))
        m = re.match(r"^\s+(\S+) is in no built-in price: .*stays firing", line)
        if m:
            unpriced = ("llm_unpriced_model", "model " + m.group(1))
            expected.add(unpriced)
            staying.add(unpriced)
    return expected, staying, drifting_model, quiet_model


def alert_pair(rule, rest):
    """The (rule, key) an alert line names, in the words of the announcements: a drift alert of any rule
    counts for its feature ("drift"); an LLM alert is keyed by service/prompt (service/operation without a
    prompt name), a budget by its scope, the unpriced-model warning by its model."""
    m = re.match(r"^(\S+ v\S+) (?:feature=(\S+)|(prediction))", rest)
    if m:
        return "drift", f"{m.group(1)} {m.group(2) or m.group(3)}"
    m = re.match(r"^(service|tenant) ([\w-]+)", rest)
    if m:
        return rule, f"{m.group(1)} {m.group(2)}"
    m = re.match(r"^([\w-]+) / (.+?) / (\w+) +\S+ ([^\s,]+)", rest)
    if m:
        service, prompt, operation, model = m.groups()
        if rule == "llm_unpriced_model":
            return rule, "model " + model
        return rule, f"{service}/{operation if prompt == '(no prompt name)' else prompt}"
    return rule, rest


def main():
    lines = sys.stdin.read().splitlines()
    expected, staying, drifting_model, quiet_model = announced(lines)
    problems = []
    if drifting_model is None or quiet_model is None or len(expected) < 10:
        problems.append(f"the demo's announcements were not found (read {len(expected)} expectations)")
    fired, resolved, notices = set(), set(), set()
    for line in lines:
        m = ALERT.match(line)
        if not m:
            continue
        status, rule, rest = m.groups()
        pair = alert_pair(rule, rest)
        if quiet_model and rest.startswith(quiet_model + " "):
            problems.append(f"the quiet model alerted: {line.strip()}")
        elif pair not in expected:
            problems.append(f"an alert the demo did not announce: {line.strip()}")
        {"FIRING": fired, "RESOLVED": resolved, "NOTICE": notices}[status].add(pair)
    for pair in sorted(expected):
        if pair in notices:
            continue  # a notice tells of one event: it neither fires nor resolves
        if pair not in fired:
            problems.append(f"announced but never fired: {pair[0]} for {pair[1]}")
        elif pair not in staying and pair not in resolved:
            problems.append(f"fired but never resolved: {pair[0]} for {pair[1]}")

    summary = next((l for l in lines if l.startswith("Drift alerts:")), "")
    m = re.search(r"Drift alerts: (\d+) fired, (\d+) resolved, (\d+) still firing", summary)
    if not m or m.group(1) != m.group(2) or m.group(3) != "0":
        problems.append(f"the drift alerts did not all resolve: {summary or 'no summary line'}")
    webhooks = next((l for l in lines if l.startswith("Webhook deliveries:")), "")
    if not re.search(r"Webhook deliveries: [1-9]\d* with a valid signature, 0 refused", webhooks):
        problems.append(f"webhook deliveries: {webhooks or 'no summary line'}")

    for problem in problems:
        print("demo check: " + problem)
    if problems:
        return 1
    print(f"demo check: {len(expected)} announced alerts fired"
          f" ({len(expected) - len(staying)} resolved again, {len(staying)} announced to stay firing),"
          f" nothing else fired; {webhooks.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
