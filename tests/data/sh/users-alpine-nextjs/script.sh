#% image: alpine:3.20
addgroup --system --gid 1001 nodejs
adduser --system --uid 1001 nextjs
id nextjs
grep -E "^(nextjs|nodejs|nogroup):" /etc/passwd /etc/group
