#!/usr/bin/env bash
# Does a pair of accounts diverge? For scripts and CI: prints a verdict, exits 1 when they diverge, 2 on error.
# Usage: check_divergence.sh A B
set -uo pipefail
compare report "$@" --section divergences --exit-code > /dev/null
status=$?
case $status in
  0) echo "no divergence" ;;
  1) echo "the accounts diverge" ;;
esac
exit $status
