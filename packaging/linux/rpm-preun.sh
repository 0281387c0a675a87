# %preun of the framenote .rpm: stop the relay when the package is erased ($1 = 0), not on upgrade.
if [ "$1" -eq 0 ] && [ -d /run/systemd/system ]; then
  systemctl disable --now framenote-relay.service >/dev/null 2>&1 || true
fi
exit 0
