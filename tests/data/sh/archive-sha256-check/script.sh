echo hello > /tmp/f
echo '5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  /tmp/f' | sha256sum -c -
