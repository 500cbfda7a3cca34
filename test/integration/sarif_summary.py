#!/usr/bin/env python3
"""Prints a SARIF log as lines FileCheck can match:

    rule ID: SHORT DESCRIPTION | help HELP-URI
    result ID LEVEL URI:LINE:COL[-LINE:COL]: MESSAGE
      related URI:LINE:COL: MESSAGE
      fix DESCRIPTION: URI LINE:COL-LINE:COL -> "TEXT"; ...

Positions are the log's own (1-based). Usage: sarif_summary.py LOG
"""

import json
import sys


def position(region):
    text = f"{region.get('startLine')}:{region.get('startColumn')}"
    if "endLine" in region:
        text += f"-{region['endLine']}:{region['endColumn']}"
    return text


def place(physical):
    return f"{physical['artifactLocation']['uri']}:{position(physical.get('region', {}))}"


def main(path):
    with open(path, encoding="utf-8") as log_file:
        log = json.load(log_file)
    for run in log["runs"]:
        for rule in run["tool"]["driver"].get("rules", []):
            print(f"rule {rule['id']}: {rule['shortDescription']['text']} "
                  f"| help {rule.get('helpUri', '-')}")
        for result in run.get("results", []):
            rule_id = run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"]
            if rule_id != result["ruleId"]:
                print(f"ruleIndex {result['ruleIndex']} names {rule_id}, not {result['ruleId']}")
            print(f"result {result['ruleId']} {result['level']} "
                  f"{place(result['locations'][0]['physicalLocation'])}: "
                  f"{result['message']['text']}")
            for related in result.get("relatedLocations", []):
                print(f"  related {place(related['physicalLocation'])}: "
                      f"{related['message']['text']}")
            for fix in result.get("fixes", []):
                edits = [f"{change['artifactLocation']['uri']} "
                         f"{position(rep['deletedRegion'])} -> "
                         f"{json.dumps(rep.get('insertedContent', {}).get('text', ''))}"
                         for change in fix["artifactChanges"]
                         for rep in change["replacements"]]
                print(f"  fix {fix['description']['text']}: {'; '.join(edits)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
