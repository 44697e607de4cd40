sed ':a;N;$!ba;s/\n/,/g' /etc/shells
