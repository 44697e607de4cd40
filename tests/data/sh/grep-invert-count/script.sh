grep -vc '^#' /etc/shells
