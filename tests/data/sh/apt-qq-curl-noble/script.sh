#% image: ubuntu:24.04
apt-get update -qq && apt-get install -y -qq --no-install-recommends curl ca-certificates
curl --version | head -n 1
