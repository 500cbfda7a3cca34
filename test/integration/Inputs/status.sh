#!/usr/bin/env bash
# Usage: status.sh COMMAND [ARG...]
# Runs the command with its stderr on stdout, then prints "exit status N":
# lit's `not` tells only zero from non-zero, and the tools document 1 and 2.
"$@" 2>&1
echo "exit status $?"
