#!/usr/bin/python3
"""Runs a command under the seccomp filter that a systemd unit's SystemCallFilter=,
SystemCallErrorNumber= and RestrictAddressFamilies= lines describe, as systemd would apply
it (allow lists, then ~deny lists; socket(2) limited to the listed address families), so a
test can show that the JVM works inside sower.service's filter without a running systemd.

Usage: run-under-unit-seccomp.py UNIT_FILE COMMAND [ARG...]
Needs python3-seccomp (Debian package) and systemd-analyze for the syscall groups."""
import errno
import os
import socket
import subprocess
import sys

import seccomp


def expand(name, cache={}):
    """Syscalls of a name: a @group (recursively, via systemd-analyze) or a single call."""
    if not name.startswith("@"):
        return {name}
    if name not in cache:
        out = subprocess.run(["systemd-analyze", "syscall-filter", name],
                             capture_output=True, text=True, check=True).stdout
        calls = set()
        for line in out.splitlines()[1:]:
            item = line.strip()
            if item and not item.startswith("#"):
                calls |= expand(item)
        cache[name] = calls
    return cache[name]


def directives(unit, key):
    with open(unit, encoding="utf-8") as f:
        return [line.split("=", 1)[1].strip() for line in f if line.startswith(key + "=")]


unit, command = sys.argv[1], sys.argv[2:]
allowed = set()
for value in directives(unit, "SystemCallFilter"):
    deny = value.startswith("~")
    names = set()
    for item in value.lstrip("~").split():
        names |= expand(item)
    allowed = allowed - names if deny else allowed | names
if not allowed:
    sys.exit(f"{unit}: no SystemCallFilter= allow list")
errno_name = (directives(unit, "SystemCallErrorNumber") or ["EPERM"])[-1]
families = set()
for value in directives(unit, "RestrictAddressFamilies"):
    families |= {getattr(socket, f) for f in value.split()}

f = seccomp.SyscallFilter(defaction=seccomp.ERRNO(getattr(errno, errno_name)))
rules = 0
for call in sorted(allowed - {"socket"}):
    try:
        f.add_rule(seccomp.ALLOW, call)
        rules += 1
    except (RuntimeError, ValueError, OSError):
        pass  # a name systemd knows that this architecture lacks
if "socket" in allowed:
    if families:
        for family in sorted(families):
            f.add_rule(seccomp.ALLOW, "socket", seccomp.Arg(0, seccomp.EQ, family))
        # systemd answers EAFNOSUPPORT for the families it restricts.
        for family in range(0, 64):
            if family not in families:
                f.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), "socket",
                           seccomp.Arg(0, seccomp.EQ, family))
    else:
        f.add_rule(seccomp.ALLOW, "socket")
f.set_attr(seccomp.Attr.CTL_NNP, 1)
f.load()
print(f"seccomp: {rules} system calls allowed, else {errno_name}; socket families "
      f"{sorted(int(x) for x in families) or 'any'}", file=sys.stderr)
os.execvp(command[0], command)
