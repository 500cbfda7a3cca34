#!/usr/bin/env python3
"""Compare a corpus run's findings with the verdicts of ../shared/corpus/triage.tsv.

Usage: bench/triage_compare.py [--triage FILE] [--details] RESULTS_DIR_OR_DIAGNOSTICS_TSV

A finding is keyed by (repo, file, line, check). For each check it prints how
many TRUE findings were kept and dropped, how many TRUE-LOW and FALSE ones
remain, and how many findings have no verdict yet (new: read each one in the
project's code and record what it is in docs/realworld.md). --details lists
every dropped TRUE, remaining TRUE-LOW or FALSE, and new finding.

Exit status: 0, or 2 when an input cannot be read.
"""
import argparse
import collections
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TRIAGE = os.path.join(HERE, '..', '..', 'shared', 'corpus', 'triage.tsv')


def read_tsv(path):
    with open(path, newline='') as f:
        return list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE))


def key(row):
    return (row['repo'], row['file'], int(row['line']), row['check'])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('results', help='a results folder of ../shared/corpus/run, '
                    'or its diagnostics.tsv')
    ap.add_argument('--triage', default=DEFAULT_TRIAGE)
    ap.add_argument('--details', action='store_true')
    a = ap.parse_args()
    diags = a.results
    if os.path.isdir(diags):
        diags = os.path.join(diags, 'diagnostics.tsv')
    try:
        found = {key(r): r for r in read_tsv(diags)}
        verdicts = {key(r): r for r in read_tsv(a.triage)}
    except (OSError, KeyError, ValueError) as e:
        print(f'triage_compare: cannot read the inputs: {e}', file=sys.stderr)
        return 2

    counts = collections.defaultdict(collections.Counter)
    listed = collections.defaultdict(list)
    for k, v in verdicts.items():
        check, verdict = k[3], v['verdict']
        if k in found:
            state = {'TRUE': 'TRUE kept', 'TRUE-LOW': 'TRUE-LOW remaining',
                     'FALSE': 'FALSE remaining'}[verdict]
        else:
            state = {'TRUE': 'TRUE dropped', 'TRUE-LOW': 'TRUE-LOW dropped',
                     'FALSE': 'FALSE dropped'}[verdict]
        counts[check][state] += 1
        if state in ('TRUE dropped', 'TRUE-LOW remaining', 'FALSE remaining'):
            listed[state].append((k, v.get('reason', '')))
    for k, r in found.items():
        if k not in verdicts:
            counts[k[3]]['new'] += 1
            listed['new'].append((k, r.get('message', '')))

    columns = ['TRUE kept', 'TRUE dropped', 'TRUE-LOW remaining',
               'TRUE-LOW dropped', 'FALSE remaining', 'FALSE dropped', 'new']
    width = max([len('check')] + [len(c) for c in counts])
    print('check'.ljust(width) + ''.join(f'  {c:>18}' for c in columns))
    total = collections.Counter()
    for check in sorted(counts):
        total.update(counts[check])
        print(check.ljust(width) +
              ''.join(f'  {counts[check][c]:>18}' for c in columns))
    print('all'.ljust(width) + ''.join(f'  {total[c]:>18}' for c in columns))
    if a.details:
        for state in ('TRUE dropped', 'TRUE-LOW remaining', 'FALSE remaining',
                      'new'):
            if not listed[state]:
                continue
            print(f'\n{state}:')
            for (repo, file, line, check), text in sorted(listed[state]):
                print(f'  {repo} {file}:{line} {check}\n      {text[:300]}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
