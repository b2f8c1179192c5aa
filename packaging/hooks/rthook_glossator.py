"""Runtime hook of the bundle (runs before Glossator's code in both executables).

On a machine without a fontconfig set-up (no /etc/fonts/fonts.conf, e.g. a minimal
system), point fontconfig at the bundle's fonts.conf so Qt still finds fonts (the
system's font folders, then the DejaVu fonts shipped with matplotlib)."""
import os
import sys

_here = getattr(sys, "_MEIPASS", os.path.dirname(sys.executable))
if sys.platform.startswith("linux") and "FONTCONFIG_FILE" not in os.environ \
        and not os.path.exists("/etc/fonts/fonts.conf"):
    _conf = os.path.join(_here, "fonts.conf")
    if os.path.exists(_conf):
        os.environ["FONTCONFIG_FILE"] = _conf
