#!/bin/sh
# deb post-install: serial device rules for the reader and printer adapters.
set -e
RULES=/opt/Anjungan/resources/udev/99-anjungan-serial.rules
if [ -f "$RULES" ] && [ -d /etc/udev/rules.d ]; then
  cp "$RULES" /etc/udev/rules.d/99-anjungan-serial.rules
  udevadm control --reload-rules 2>/dev/null || true
fi
