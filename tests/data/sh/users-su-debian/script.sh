useradd -m app
su app -c 'whoami; echo "$HOME"'
su - app -c 'pwd'
su nobody -c id
echo "status $?"
su ghost -c id
echo "status $?"
