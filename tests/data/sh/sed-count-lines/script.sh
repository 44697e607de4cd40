sed -n '$=' /etc/passwd
