# Sourced by scripts/build and scripts/test: find Python >= 3.12 and prepare .venv.
# The project needs 3.12 (the gazetteer package does); many machines default to an older python3,
# so look for a newer one on PATH and in pyenv's versions before giving up.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

python_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3 \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && python_ok "$(command -v "$candidate")"; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

ensure_venv() {
  if [ -x .venv/bin/python ] && python_ok .venv/bin/python; then return 0; fi
  local python
  if ! python=$(find_python); then
    echo "error: reformsite needs Python >= 3.12; install it (e.g. apt-get install python3.12 python3.12-venv, or pyenv install 3.12) or set PYTHON=/path/to/python3.12" >&2
    exit 2
  fi
  echo "using $python ($("$python" --version))"
  rm -rf .venv
  "$python" -m venv .venv
  .venv/bin/python -m pip install --quiet --upgrade pip
}

# Byte-compile the package, as pip does when it installs a wheel.  The editable install leaves that
# to the interpreter, which never writes it where PYTHONDONTWRITEBYTECODE is set (many containers
# and CI images do): every build process would then compile the modules it imports again.
compile_package() {
  .venv/bin/python -m compileall -q reformsite >/dev/null
}
