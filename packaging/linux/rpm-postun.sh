# %postun of the framenote .rpm. The user and /var/lib/framenote are kept.
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null 2>&1 || true
fi
exit 0
