grep -e '^root' -e '^nobody' /etc/passwd
