echo hello > /tmp/f
stat /tmp/f
stat -c '%h %F %N' /tmp /bin
