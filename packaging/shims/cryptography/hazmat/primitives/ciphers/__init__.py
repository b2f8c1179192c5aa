"""See cryptography/__init__.py: a stand-in for the offline bundle. Using any of
these raises, so pdfminer's AES decryption fails and the PDF is refused."""
from types import SimpleNamespace

from cryptography import UnsupportedInBundle

Cipher = UnsupportedInBundle
algorithms = SimpleNamespace(AES=UnsupportedInBundle)
modes = SimpleNamespace(CBC=UnsupportedInBundle, ECB=UnsupportedInBundle)
