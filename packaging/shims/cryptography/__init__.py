"""Stand-in for the `cryptography` package in the offline bundle (about 16 MB that
only pdfminer.six imports, for AES-encrypted PDFs). Glossator refuses encrypted
PDFs in any case; in the bundle an AES-encrypted one is refused as "not a readable
PDF" when pdfminer tries to decrypt it. The pip-installed Glossator uses the real
package. Only the names pdfminer imports exist here."""

__version__ = "0+glossator-bundle-shim"


class UnsupportedInBundle(RuntimeError):
    def __init__(self, *_args, **_kwargs):
        super().__init__("AES-encrypted PDFs are not supported by the offline bundle; save an unprotected copy")
