sed -n '/^root/{s/:.*//;p}' /etc/passwd
