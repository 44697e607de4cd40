grep -c nologin /etc/passwd
grep -n '^r' /etc/passwd
