apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-pip >/dev/null 2>&1
pip install flask
