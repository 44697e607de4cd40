#% argv: exec
["nosuch", "arg"]
