apt-get update -qq && apt-get install -y nosuchpackage
