echo conf > /tmp/app.conf
tar -cf /tmp/c.tar /tmp/app.conf
tar -tf /tmp/c.tar
