grep -q zzz /etc/passwd || echo "not found: $?"
