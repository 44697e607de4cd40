#% image: buildpack-deps:trixie
groupadd --gid 1000 node   && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
