ls /
ls -ld /tmp /root /etc/passwd /bin
