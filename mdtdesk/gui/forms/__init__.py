"""Generated from ../../../ui/*.ui by pyside6-uic (`make forms`). Never edit these files by hand."""
