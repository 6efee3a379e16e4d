#!/bin/sh
# Stands in for ics_libical_check when libical-dev was missing at configure
# time: the .ics checks fail instead of being skipped.
echo "ics_libical_check: libical (Debian: libical-dev) was not found when the build was configured; run scripts/setup.sh and configure again" >&2
exit 3
