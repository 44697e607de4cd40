#% image: python:3.12-slim
#% cwd: /app
echo 'requests==2.32.4' > requirements.txt
echo 'gunicorn  # the server' >> requirements.txt
pip install -r requirements.txt
