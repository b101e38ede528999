#!/usr/bin/env python3
"""An attacker's cache archive, its members exactly as given: absolute names, "..", links, which no tar
run over real files would write in this order. Python's tarfile writes what it is told.

    craft-archive.py OUT.tar < members.json
    members.json: [{"name": "...", "type": "file" | "dir" | "symlink" | "hardlink", "data"?: "...", "link"?: "..."}]
"""
import io
import json
import sys
import tarfile

TYPES = {
    "file": tarfile.REGTYPE,
    "dir": tarfile.DIRTYPE,
    "symlink": tarfile.SYMTYPE,
    "hardlink": tarfile.LNKTYPE,
}

with tarfile.open(sys.argv[1], "w", format=tarfile.PAX_FORMAT) as tar:
    for member in json.load(sys.stdin):
        info = tarfile.TarInfo(member["name"])
        info.type = TYPES[member["type"]]
        info.mode = 0o755 if member["type"] == "dir" else 0o644
        info.linkname = member.get("link", "")
        data = member.get("data", "").encode()
        info.size = len(data) if member["type"] == "file" else 0
        tar.addfile(info, io.BytesIO(data) if member["type"] == "file" else None)
