#% argv: exec
["/bin/sh", "-c", "echo exec form $0", "zero"]
