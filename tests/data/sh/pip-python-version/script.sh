#% image: python:3.12-slim
python --version && python3 -V && pip --version
python -c 'print(1)'
