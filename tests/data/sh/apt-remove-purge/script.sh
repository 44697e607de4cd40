apt-get update -qq && apt-get install -y -qq --no-install-recommends wget >/dev/null 2>&1
apt-get purge -y --auto-remove wget
