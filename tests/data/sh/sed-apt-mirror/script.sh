sed -i 's|deb.debian.org|mirror.example.com|g' /etc/apt/sources.list.d/debian.sources
grep URIs /etc/apt/sources.list.d/debian.sources
