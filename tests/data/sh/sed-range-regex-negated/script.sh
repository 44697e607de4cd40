sed '/^daemon/,/^sys/!d' /etc/passwd
