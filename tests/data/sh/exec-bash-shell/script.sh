#% argv: exec
["/bin/bash", "-o", "pipefail", "-c", "false | true; echo status $?; nosuch"]
