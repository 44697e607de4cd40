sed -n '2,4p' /etc/passwd
