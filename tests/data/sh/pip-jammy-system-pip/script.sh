#% image: ubuntu:22.04
apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-pip >/dev/null
pip3 install --no-cache-dir gunicorn
python3 --version
