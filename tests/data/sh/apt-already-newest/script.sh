apt-get update -qq && apt-get install -y bash
