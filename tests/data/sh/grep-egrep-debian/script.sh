egrep '^(root|nobody):' /etc/group
