"""Dark mode and high DPI (issue 19): View ▸ Theme switches the palette and is
remembered; label colours in the article keep a 3:1 contrast with the article's
background in both palettes; the icon is drawn from SVG at every size; at 200 %
the window renders at twice the pixels (not an upscaled bitmap)."""
from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.widgets.colors import contrast, readable_on


def base_of(window) -> QColor:
    return window.article.palette().color(QPalette.ColorRole.Base)


def trigger(window, name):
    action = next(a for a in window.findChildren(type(window.actions_by_id["view.flags"]))
                  if a.objectName() == f"view.theme.{name}")
    action.trigger()


def test_theme_menu_switches_palette_and_is_remembered(qtbot, make_window, store, store_path, doc_id):
    window = make_window(store_path, doc_id)
    try:
        trigger(window, "dark")
        qtbot.waitUntil(lambda: base_of(window).lightness() < 60)  # palettes reach widgets by posted events
        assert base_of(window).lightness() < 60 and QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
        for name, colour in window.article._colors.items():
            assert contrast(colour, base_of(window)) >= 3.0, name
        assert window.settings.value("view/theme") == "dark"
        window.close()
        again = make_window(store_path, doc_id)
        assert again.theme.name == "dark" and base_of(again).lightness() < 60
        trigger(again, "light")
        qtbot.waitUntil(lambda: base_of(again).lightness() > 200)
        assert base_of(again).lightness() > 200
        for lab in store.schema.labels:  # the default colours already pass on white: unchanged
            assert again.article._colors[lab.name].name().lower() == lab.color.lower()
    finally:
        QApplication.instance().setPalette(QApplication.style().standardPalette())


@pytest.mark.parametrize("colour", ["#4E79A7", "#E15759", "#59A14F", "#FFD700", "#1A237E", "#9E9E9E", "#000000",
                                    "#FFFFFF"])
@pytest.mark.parametrize("background", ["#FFFFFF", "#1E1E1E", "#F5F5F5", "#2B2B2B"])
def test_label_colours_are_moved_until_they_contrast_three_to_one(colour, background):
    moved = readable_on(QColor(colour), QColor(background))
    assert contrast(moved, QColor(background)) >= 3.0
    if contrast(QColor(colour), QColor(background)) >= 3.0:
        assert moved.name().lower() == colour.lower()
    else:  # the hue is kept (greys have none)
        assert QColor(colour).hslHue() == moved.hslHue() or QColor(colour).hslSaturation() == 0


def test_icon_is_drawn_from_svg_at_high_resolution(qapp):
    from desktop.icons import app_icon

    sizes = {(s.width(), s.height()) for s in app_icon().availableSizes()}
    assert {(256, 256), (512, 512)} <= sizes


CHILD = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from desktop.main_window import MainWindow
from desktop.settings import make_settings
window = MainWindow(make_settings(sys.argv[1]))
window.resize(800, 600)
window.show()
app.processEvents()
image = window.article.viewport().grab()
print(app.devicePixelRatio(), image.devicePixelRatio(), image.width(), window.article.viewport().width())
"""


def test_at_200_percent_widgets_render_at_twice_the_pixels(tmp_path):
    env = {"QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "s.ini")], capture_output=True, text=True,
                         env=env, check=True, timeout=120)
    app_ratio, image_ratio, pixels, logical = out.stdout.split()
    assert float(app_ratio) == 2.0 and float(image_ratio) == 2.0
    assert int(pixels) == 2 * int(logical)
