"""The server's optional part of a parent's own record: a backup restored with a recovery
code (backup.py), star certificates with a verification code and class attendance confirmed
from class mode's QR code (certificates.py). The record itself lives in the parent's browser
(lessons/static/lessons/learning.js)."""
