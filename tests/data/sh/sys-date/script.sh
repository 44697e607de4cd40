date
date -u +%Y-%m-%dT%H:%M:%SZ
date -d @0 +%s
date +%F
