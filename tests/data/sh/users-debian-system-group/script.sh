groupadd -r app && useradd -r -g app -d /app -s /sbin/nologin app
id app
grep "^app:" /etc/passwd /etc/group
