echo hello > /tmp/h
gzip /tmp/h
gzip -dc /tmp/h.gz
gzip -d /tmp/h.gz
grep . /tmp/h
