hostname
echo "$HOSTNAME"
