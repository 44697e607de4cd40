#% argv: exec
["/bin/bash", "-c", "if true; then echo x; done"]
