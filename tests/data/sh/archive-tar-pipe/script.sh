tar -cf - -C /etc apt | tar -xf - -C /tmp
grep -c URIs /tmp/apt/sources.list.d/debian.sources
tar -czf - -C /etc hostname | tar -tzvf -
