grep -E '^(root|daemon):' /etc/passwd
