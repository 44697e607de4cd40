grep root /etc/passwd
