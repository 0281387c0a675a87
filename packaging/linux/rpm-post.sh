# %post of the framenote .rpm (only when it has framenote-relay): the relay's system user.
if ! getent passwd framenote >/dev/null; then
  if command -v systemd-sysusers >/dev/null 2>&1 && [ -f /usr/lib/sysusers.d/framenote.conf ]; then
    systemd-sysusers framenote.conf
  else
    useradd --system --user-group --home-dir /var/lib/framenote --no-create-home \
      --shell /sbin/nologin --comment "Framenote relay" framenote
  fi
fi
install -d -m 0750 -o framenote -g framenote /var/lib/framenote
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null 2>&1 || true
  systemctl try-restart framenote-relay.service >/dev/null 2>&1 || true
fi
exit 0
