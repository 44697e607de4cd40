#% image: node:24
apt-get update -qq && apt-get install -y curl git make && rm -rf /var/lib/apt/lists/*
