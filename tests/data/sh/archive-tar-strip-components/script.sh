#% cwd: /src
echo x > f
tar -cf /tmp/p.tar -C / src
tar -xf /tmp/p.tar -C /opt --strip-components=1
grep . /opt/f
