#!/usr/bin/env python3
"""Lists every PromQL expression Plumbline ships: each Grafana panel's queries and query variables
(deploy/grafana/dashboards) and each recording and alerting rule (deploy/prometheus/rules.yml).

  promql-expressions.py                   one JSON object per line: source, kind, where, expr
  promql-expressions.py --format text     kind, where and expr (on one line), tab-separated
  promql-expressions.py --resolve         dashboard variables replaced, so each expr runs as is
  promql-expressions.py --format rules    the dashboards' exprs, resolved, as a rule file (JSON, which is
                                          YAML): `promtool check rules` then parses every panel's PromQL

--resolve puts the "All" value (.*) for query variables, the selected value for interval variables, and
fixed values for Grafana's own ($__rate_interval and $__interval 1m, $__range 1h); label_values(m, l)
becomes m. Needs PyYAML (Debian: python3-yaml).
"""
import argparse
import json
import re
import sys
from pathlib import Path

try:
    import yaml
except ImportError:
    sys.exit("promql-expressions.py needs PyYAML: apt-get install python3-yaml (or pip install pyyaml)")

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS = ROOT / "deploy" / "grafana" / "dashboards"
RULES = ROOT / "deploy" / "prometheus" / "rules.yml"

GRAFANA_VARIABLES = {"__rate_interval": "1m", "__interval": "1m", "__interval_ms": "60000",
                     "__range": "1h", "__range_s": "3600", "__range_ms": "3600000"}
VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)(?::\w+)?\]\]")
LABEL_VALUES = re.compile(r"^\s*label_values\(\s*(.+?)\s*,\s*\w+\s*\)\s*$", re.S)


def dashboard_expressions(path, resolve):
    dashboard = json.loads(path.read_text())
    values = dict(GRAFANA_VARIABLES)
    for variable in dashboard.get("templating", {}).get("list", []):
        if variable.get("type") == "interval":
            values[variable["name"]] = variable.get("current", {}).get("value") or variable["query"].split(",")[0]
        else:
            values[variable["name"]] = variable.get("allValue") or ".*"

    def substitute(expr):
        def value(m):
            name = m.group(1) or m.group(2) or m.group(3)
            if name not in values:
                sys.exit("%s: $%s is no variable of the dashboard: %s" % (path.name, name, expr))
            return values[name]
        return VARIABLE.sub(value, expr) if resolve else expr

    source = str(path.relative_to(ROOT))
    for variable in dashboard.get("templating", {}).get("list", []):
        if variable.get("type") == "query":
            query = variable["query"]["query"] if isinstance(variable["query"], dict) else variable["query"]
            label_values = LABEL_VALUES.match(query)
            if resolve and label_values:
                query = label_values.group(1)
            yield source, "variable", "variable $%s" % variable["name"], substitute(query)
    panels = []
    for panel in dashboard.get("panels", []):
        panels.append(panel)
        panels.extend(panel.get("panels", []))
    for panel in panels:
        for target in panel.get("targets", []):
            if target.get("expr"):
                where = "panel %s '%s' target %s" % (panel.get("id"), panel.get("title"), target.get("refId"))
                yield source, "panel", where, substitute(target["expr"])


def rule_expressions():
    source = str(RULES.relative_to(ROOT))
    for group in yaml.safe_load(RULES.read_text())["groups"]:
        for rule in group["rules"]:
            kind, name = ("alert", rule["alert"]) if "alert" in rule else ("record", rule["record"])
            yield source, kind, "group %s %s %s" % (group["name"], kind, name), rule["expr"].strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--format", choices=["jsonl", "text", "rules"], default="jsonl")
    parser.add_argument("--resolve", action="store_true", help="replace dashboard variables by values")
    args = parser.parse_args()
    resolve = args.resolve or args.format == "rules"

    expressions = [e for path in sorted(DASHBOARDS.glob("*.json")) for e in dashboard_expressions(path, resolve)]
    if args.format == "rules":
        rules = [{"record": "plumbline_dashboard_expr_%d" % i, "expr": expr}
                 for i, (_, _, _, expr) in enumerate(expressions, 1)]
        json.dump({"groups": [{"name": "plumbline-dashboards", "rules": rules}]}, sys.stdout, indent=2)
        print()
        return
    expressions.extend(rule_expressions())
    for source, kind, where, expr in expressions:
        if args.format == "text":
            print("%s\t%s\t%s" % (kind, where, " ".join(expr.split())))
        else:
            print(json.dumps({"source": source, "kind": kind, "where": where, "expr": expr}))


if __name__ == "__main__":
    main()
