mkdir -p /app/data && touch /app/data/db
chown www-data:www-data /app/data
chown -R nobody:nogroup /app/data
stat -c '%U:%G %n' /app /app/data /app/data/db
chown 1001:1001 /app && stat -c '%u:%g %U:%G' /app
chown :staff /app && stat -c '%U:%G' /app
chown bob /app
chown root:nosuchgroup /app
chgrp daemon /app/data/db && stat -c %G /app/data/db
