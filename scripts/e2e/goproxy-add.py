#!/usr/bin/env python3
"""Adds a module to a static GOPROXY folder: <root>/<module>/@v/{list,<v>.info,<v>.mod,<v>.zip}.

usage: goproxy-add.py <source folder> <module path> <version> <proxy root>

The source is a module's files as Debian's golang-*-dev packages ship them. Zip entries are named
module@version/relpath, and the .mod file equals the zip's go.mod, as the go command checks.
"""
import json
import os
import sys
import zipfile

src, module, version, root = sys.argv[1:]
# The proxy protocol escapes capitals in paths: github.com/BurntSushi → github.com/!burnt!sushi.
escaped = ''.join('!' + c.lower() if c.isupper() else c for c in module)
out = os.path.join(root, escaped, '@v')
os.makedirs(out, exist_ok=True)
gomod = os.path.join(src, 'go.mod')
mod = open(gomod).read() if os.path.exists(gomod) else f'module {module}\n'
with zipfile.ZipFile(f'{out}/{version}.zip.tmp', 'w', zipfile.ZIP_DEFLATED) as z:
    for folder, _, files in sorted(os.walk(src)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, src)
            if rel != 'go.mod' and os.path.isfile(path):
                z.write(path, f'{module}@{version}/{rel}')
    z.writestr(f'{module}@{version}/go.mod', mod)
os.rename(f'{out}/{version}.zip.tmp', f'{out}/{version}.zip')
open(f'{out}/{version}.mod', 'w').write(mod)
json.dump({'Version': version, 'Time': '2024-01-01T00:00:00Z'}, open(f'{out}/{version}.info', 'w'))
versions = set(open(f'{out}/list').read().split()) if os.path.exists(f'{out}/list') else set()
open(f'{out}/list', 'w').write(''.join(v + '\n' for v in sorted(versions | {version})))
