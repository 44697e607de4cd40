echo hello > /tmp/h
gzip -k /tmp/h
zcat /tmp/h.gz
gunzip /tmp/h.gz
echo "status $?"
