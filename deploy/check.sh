#!/usr/bin/env bash
# Checks the shipped deployment files with the real tools, where this machine has them (CI runs it):
# the systemd unit with `systemd-analyze verify`, the nginx site with Debian's nginx (`nginx -t`)
# inside a copy of Debian's own /etc/nginx, with a throw-away self-signed certificate.
set -uo pipefail
cd "$(dirname "$0")"
failed=0

if command -v systemd-analyze >/dev/null 2>&1; then
  if out=$(systemd-analyze verify ./motcua.service 2>&1) && [ -z "$out" ]; then
    echo "systemd-analyze verify motcua.service: ok"
  else
    echo "systemd-analyze verify motcua.service failed:"; echo "$out"; failed=1
  fi
else
  echo "systemd-analyze not installed: unit not checked"
fi

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ -x "$NGINX" ] && [ -d /etc/nginx ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cp -r /etc/nginx "$tmp/etc"
  rm -f "$tmp/etc/sites-enabled/"*
  live="$tmp/live"
  mkdir -p "$live"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=motcua.example.gov.vn \
    -keyout "$live/privkey.pem" -out "$live/fullchain.pem" >/dev/null 2>&1 || { echo "openssl failed"; failed=1; }
  sed "s|/etc/letsencrypt/live/motcua.example.gov.vn/|$live/|g" nginx-motcua.conf > "$tmp/etc/sites-enabled/motcua"
  sed -i "s|/etc/nginx/|$tmp/etc/|g; s|^pid .*|pid $tmp/nginx.pid;|" "$tmp/etc/nginx.conf"
  if out=$("$NGINX" -t -c "$tmp/etc/nginx.conf" -e "$tmp/error.log" 2>&1); then
    echo "nginx -t with deploy/nginx-motcua.conf: ok"
  else
    echo "nginx -t with deploy/nginx-motcua.conf failed:"; echo "$out"; failed=1
  fi
else
  echo "nginx not installed: site not checked"
fi
exit $failed
