#!/usr/bin/env python3
"""Checks contrib/velociraptor and contrib/uac against the collector they run (called by contrib_test.cpp).

usage: contrib_check.py SOURCE_DIR COLLECT_BIN WORK_DIR PID

Both YAML files must parse (PyYAML's safe_load, a real YAML parser), have the fields their tool requires, and name
only options that `procsnap-collect --help` lists. Then the collector is run with the options as each file passes
them (Velociraptor: every parameter at its default) plus --pids PID, and must write its archive.
"""
import os
import re
import shlex
import subprocess
import sys

import yaml

source, collect, work, pid = sys.argv[1:5]
help_text = subprocess.run([collect, "--help"], capture_output=True, text=True).stdout
options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", help_text))
assert "--pids" in options and "--mem" in options, "cannot read the collector's options from --help"
assert "--no-such-option" not in options


def run_collector(argv, cwd, archive):
    r = subprocess.run([collect] + argv + ["--pids", pid], cwd=cwd, capture_output=True, text=True)
    assert r.returncode in (0, 3), (argv, r.returncode, r.stderr)
    assert os.path.getsize(os.path.join(cwd, archive)) > 0, archive
    assert "sha256 " in r.stderr, r.stderr


# Velociraptor
v = yaml.safe_load(open(os.path.join(source, "contrib/velociraptor/Linux.Forensics.Procsnap.yaml")))
assert v["name"] == "Linux.Forensics.Procsnap" and v["type"] == "CLIENT", v.get("name")
assert "EXECVE" in v["required_permissions"]
assert [t["name"] for t in v["tools"]] == ["ProcsnapCollect"]
query = v["sources"][0]["query"]
assert 'FetchBinary(ToolName="ProcsnapCollect")' in query
used = re.findall(r'"(--[a-z][a-z-]*)', query)
assert used, "no collector option in the query"
for o in used:
    assert o in options, "Velociraptor artifact names %s, which procsnap-collect does not have" % o
params = {p["name"]: p for p in v["parameters"]}
for name, p in params.items():
    assert re.search(r"\b%s\b" % name, query), "parameter %s is not used" % name
    named = re.findall(r"(--[a-z][a-z-]*)", p["description"])
    assert named and named[0] in used, "parameter %s does not say which option it sets" % name
argv = ["--output=procsnap.tar.zst"]
for word in re.findall(r'^\s*"(--[a-z-]+(?:=[^"]*)?)",?$', query, re.M):
    if not word.startswith("--output"):
        argv.append(word)
for opt, name in re.findall(r'"(--[a-z-]+)=" \+ (\w+)', query):
    if opt == "--output":
        continue
    default = str(params[name].get("default", ""))
    conditional = re.search(r"if\(condition=%s, then=\"%s=\"" % (name, opt), query)
    if default or not conditional:
        argv.append("%s=%s" % (opt, default))
os.makedirs(os.path.join(work, "velociraptor"), exist_ok=True)
run_collector(argv, os.path.join(work, "velociraptor"), "procsnap.tar.zst")

# UAC
u = yaml.safe_load(open(os.path.join(source, "contrib/uac/artifacts/live_response/process/procsnap.yaml")))
assert "version" in u and u["output_directory"].startswith("/")
assert u["artifacts"], "no artifact rule"
for a in u["artifacts"]:
    for field in ("description", "supported_os", "collector"):
        assert field in a, field
    assert "linux" in a["supported_os"] and a["collector"] == "command"
    words = shlex.split(a["command"])
    assert words[0] == "procsnap-collect", words[0]
    for w in words[1:]:
        assert w.split("=")[0] in options, "UAC artifact names %s, which procsnap-collect does not have" % w
    out = [w for w in words if w.startswith("--output=")]
    assert out, "the UAC command must name its archive"
    os.makedirs(os.path.join(work, "uac"), exist_ok=True)
    run_collector(words[1:], os.path.join(work, "uac"), out[0].split("=", 1)[1])
print("contrib ok: %d Velociraptor options, UAC command checked" % len(used))
