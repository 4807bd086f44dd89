#!/bin/sh
# deb post-install: the kiosk's own unprivileged user and data folder, the serial device rules
# for the reader and printer adapters, and the systemd unit that starts the kiosk at boot in
# cage (enabled, not started: the technician reboots once setup is done).
set -e
RES=/opt/Anjungan/resources
if ! getent passwd anjungan >/dev/null; then
  useradd --system --home-dir /var/lib/anjungan --create-home --shell /usr/sbin/nologin \
    --groups dialout,video,input,render --comment "Anjungan kiosk" anjungan 2>/dev/null \
    || useradd --system --home-dir /var/lib/anjungan --create-home --shell /usr/sbin/nologin anjungan
fi
install -d -m 0700 -o anjungan -g anjungan /var/lib/anjungan /var/lib/anjungan/data
if [ -f "$RES/udev/99-anjungan-serial.rules" ] && [ -d /etc/udev/rules.d ]; then
  cp "$RES/udev/99-anjungan-serial.rules" /etc/udev/rules.d/99-anjungan-serial.rules
  udevadm control --reload-rules 2>/dev/null || true
fi
if [ -f "$RES/systemd/anjungan-kiosk.service" ] && [ -d /etc/systemd/system ]; then
  cp "$RES/systemd/anjungan-kiosk.service" /etc/systemd/system/anjungan-kiosk.service
  systemctl daemon-reload 2>/dev/null || true
  systemctl enable anjungan-kiosk.service 2>/dev/null || true
  # The kiosk owns tty1: no login prompt there.
  systemctl disable getty@tty1.service 2>/dev/null || true
fi
