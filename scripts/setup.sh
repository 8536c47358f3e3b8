#!/usr/bin/env bash
# Set up Afterview on this machine; safe to run again (a second run takes a few seconds).
#
#   scripts/setup.sh          the Python environment (.venv) with Afterview installed
#   scripts/setup.sh --test   also the system software the tests start: PostgreSQL 15,
#                             Dovecot, Chromium, openssl (Debian packages; needs root)
#
# Every step prints one line; on failure the script stops with one line saying why, and the
# full output of the failed command is kept in the log file it names.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.afterview-installed"
LOG="$(mktemp "${TMPDIR:-/tmp}/afterview-setup.XXXXXX")"
# The log is kept only when it has something to show (a failed step's output).
trap 'status=$?; if [ "$status" -eq 0 ] || [ ! -s "$LOG" ]; then rm -f "$LOG"; fi; exit "$status"' EXIT
WITH_TEST=0

for arg in "$@"; do
    case "$arg" in
        --test) WITH_TEST=1 ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup: unknown option $arg (use --test or nothing)" >&2; exit 2 ;;
    esac
done

step() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# Run a command quietly; on failure, name it and show its last line.
quiet() {
    local what="$1"; shift
    if ! "$@" >>"$LOG" 2>&1; then
        local last
        last="$(grep -v '^\s*$' "$LOG" | tail -n 1)"
        printf 'setup: %s failed: %s\n' "$what" "$*" >>"$LOG"
        die "$what failed: ${last:-no output} (full log: $LOG)"
    fi
}

# --- system packages (only with --test) -------------------------------------------------

APT_UPDATED=0
apt_install() {
    [ "$(id -u)" -eq 0 ] || die "missing Debian packages ($*); run as root or: sudo apt-get install $*"
    command -v apt-get >/dev/null || die "missing packages ($*) and no apt-get to install them"
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        # Packages must not start their daemons (Dovecot, PostgreSQL) on public ports.
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        step "created /usr/sbin/policy-rc.d so that installed services stay stopped"
    fi
    if [ "$APT_UPDATED" -eq 0 ]; then
        step "apt-get update"
        quiet "apt-get update" apt-get update -q
        APT_UPDATED=1
    fi
    step "installing $*"
    quiet "apt-get install $*" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "$@"
}

missing_packages() {
    local pkg
    for pkg in "$@"; do
        # dpkg -s also succeeds for removed packages whose configuration files remain.
        [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" = installed ] || printf '%s ' "$pkg"
    done
}

system_packages() {
    local wanted=(dovecot-core dovecot-imapd chromium chromium-driver openssl)
    # PostgreSQL 15 may come with the machine image rather than as the package.
    [ -x /usr/lib/postgresql/15/bin/initdb ] || wanted+=(postgresql-15)
    local missing
    missing="$(missing_packages "${wanted[@]}")"
    if [ -n "$missing" ]; then
        # shellcheck disable=SC2086 # one word per package
        apt_install $missing
    else
        step "system packages present (PostgreSQL 15, Dovecot, Chromium, openssl)"
    fi
}

# --- Python environment -----------------------------------------------------------------

find_python() {
    local candidate
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null \
            && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

make_venv() {
    if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
        step "virtual environment present (.venv, $("$VENV/bin/python" -V 2>&1))"
        return
    fi
    local python
    python="$(find_python)" || die "Python 3.11 or newer is needed (Debian: apt-get install python3)"
    if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
        # Debian splits venv support out of the interpreter package.
        [ "$(id -u)" -eq 0 ] || die "Python venv support is missing: sudo apt-get install python3-venv"
        apt_install python3-venv
    fi
    step "creating .venv with $("$python" -V 2>&1)"
    rm -rf "$VENV"
    quiet "creating the virtual environment" "$python" -m venv "$VENV"
}

install_python_packages() {
    local wanted
    # The stamp records what was installed; unchanged inputs mean nothing to do.
    wanted="$(cat "$ROOT/requirements.lock" "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ] \
        && "$VENV/bin/python" -c 'import afterview' 2>/dev/null; then
        step "Python packages up to date (requirements.lock)"
        return
    fi
    step "installing Python packages from requirements.lock"
    quiet "pip install -r requirements.lock" "$VENV/bin/python" -m pip install -q \
        --disable-pip-version-check -r "$ROOT/requirements.lock"
    step "installing afterview (editable)"
    # requirements.lock pins every dependency (test tools included), hence --no-deps.
    quiet "pip install -e .[test]" "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
        --no-deps -e "$ROOT[test]"
    printf '%s\n' "$wanted" >"$STAMP"
}

if [ "$WITH_TEST" -eq 1 ]; then
    system_packages
fi
make_venv
install_python_packages
# Afterview's own modules are installed in place (editable): compile them now, as pip does for
# the packages it installs, so that every command starts from bytecode (Python only writes it
# itself when allowed to, and a changed file is compiled again on its next run).
quiet "compiling Afterview's modules" "$VENV/bin/python" -m compileall -q "$ROOT/src"
step "ready: $VENV/bin/afterview"
