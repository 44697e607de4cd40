useradd -r -s /usr/sbin/nologin svc
id svc
grep svc /etc/passwd
