id
id -G
whoami
