grep -l root /etc/passwd /etc/group /etc/hostname
