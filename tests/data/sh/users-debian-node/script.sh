groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
id node
grep node /etc/passwd /etc/group
