sed 2q /etc/passwd
