"""Makes Qt speak Japanese: the bundled IPAexGothic font and Qt's own Japanese strings."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.paths import resource_path

log = logging.getLogger(__name__)

BASE_POINT_SIZE = 11  # elders and busy staff read this; a notch above Qt's default


def install_japanese_font(app: QApplication) -> str:
    """Load the bundled font and make it the application font. Returns its family name."""
    font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", "ipaexg.ttf")))
    if font_id < 0:
        log.error("could not load the bundled Japanese font")
        return app.font().family()
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    font = QFont(family, BASE_POINT_SIZE)
    app.setFont(font)
    return family


def install_japanese_translations(app: QApplication) -> bool:
    """Load Qt's own Japanese strings (standard buttons, text-field menus) shipped with PySide6."""
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    translator = QTranslator(app)  # parented to the app so it lives as long as it does
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load("qtbase_ja", folder):
        log.warning("Qt's Japanese translations were not found in %s", folder)
        return False
    app.installTranslator(translator)
    return True
