sed -e '/^#/d' -e '/^$/d' /etc/shells
