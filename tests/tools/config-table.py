#!/usr/bin/env python3
"""Regenerates the configuration table of docs/configuration.md from ConfigKey.java and conf/emporium.json.

Run from the repository root: python3 tests/tools/config-table.py
DocumentationTest (launcher module) fails when the table and the code disagree; this script makes them agree.
"""
import json
import re

KEYS = 'verticles/platform/src/main/java/io/emporium/platform/config/ConfigKey.java'
START, END = '<!-- config-table:start -->', '<!-- config-table:end -->'

source = open(KEYS).read()
defaults = json.load(open('conf/emporium.json'))
rows = ['| Key | Environment variable | Default | Meaning |', '|---|---|---|---|']
for match in re.finditer(r'^\s+[A-Z0-9_]+\("([^"]+)",\s*"((?:[^"\\]|\\.)*)"\)', source, re.M):
    key, meaning = match.group(1), match.group(2)
    env = 'EMPORIUM_' + key.upper().replace('.', '_').replace('-', '_')
    value = defaults[key]
    if isinstance(value, bool):
        value = str(value).lower()
    shown = f'`{value}`' if value != '' else '(empty)'
    rows.append(f'| `{key}` | `{env}` | {shown} | {meaning} |')

PAGE = 'docs/configuration.md'
page = open(PAGE).read()
before, rest = page.split(START)
_, after = rest.split(END)
open(PAGE, 'w').write(before + START + '\n' + '\n'.join(rows) + '\n' + END + after)
print(f'{len(rows) - 2} keys written to {PAGE}')
