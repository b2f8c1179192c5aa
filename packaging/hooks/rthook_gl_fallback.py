"""Runtime hook of `glossator-desktop`: the system's graphics stack first, the bundle's
copies only where it has none.

Qt's GUI library needs libGL/libEGL (libglvnd) and libxcb, which PyInstaller leaves out
because they belong to the machine's graphics drivers. The bundle carries them in
_internal/fallback-libs (not on the library path); here each is loaded from the system
when present, otherwise from that folder, before Qt is imported (a library loaded once
serves every later request for the same name)."""
import ctypes
import os
import sys

FALLBACK_LIBS = ("libxcb.so.1", "libGLdispatch.so.0", "libGLX.so.0", "libGL.so.1", "libOpenGL.so.0", "libEGL.so.1")

if sys.platform.startswith("linux"):
    _folder = os.path.join(getattr(sys, "_MEIPASS", ""), "fallback-libs")
    for _name in FALLBACK_LIBS:
        try:
            ctypes.CDLL(_name, mode=ctypes.RTLD_GLOBAL)
        except OSError:
            try:
                ctypes.CDLL(os.path.join(_folder, _name), mode=ctypes.RTLD_GLOBAL)
            except OSError:
                pass  # Qt then names what is missing
