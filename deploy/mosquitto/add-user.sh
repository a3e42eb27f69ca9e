#!/usr/bin/env sh
# Adds (or changes) a broker account in the password file, reading the password from standard input so that
# it never appears in the shell history or the process list.
#   deploy/mosquitto/add-user.sh deploy/mosquitto/passwd iloe-tracker      # the tracker (MQTT_USERNAME)
#   deploy/mosquitto/add-user.sh deploy/mosquitto/passwd saint-priest      # a site's terminals and sensors
# The password file holds salted hashes (mosquitto_passwd); keep it out of the repository.
set -eu
file=$1
user=$2
printf 'password for %s: ' "$user" >&2
stty -echo 2>/dev/null || true
read -r password
stty echo 2>/dev/null || true
printf '\n' >&2
[ -f "$file" ] || : > "$file"
mosquitto_passwd -b "$file" "$user" "$password"
chmod 600 "$file"
echo "account $user written to $file" >&2
