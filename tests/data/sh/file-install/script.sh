#% cwd: /build
printf '#!/bin/sh\necho tool\n' > tool.sh
install -m 0755 tool.sh /usr/local/bin/tool
install -d -m 0750 /var/lib/app /var/log/app
install -D -m 644 tool.sh /opt/app/share/tool.sh
install -v -o www-data -g www-data tool.sh /srv/
ls -l /usr/local/bin/tool /srv/tool.sh
stat -c '%a %U:%G %n' /var/lib/app /var/log/app /opt/app/share/tool.sh
install /nope /tmp/
install -o bob tool.sh /tmp/
