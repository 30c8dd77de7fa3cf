"""The idle lock: after some minutes without a key or the mouse anywhere in mdtdesk, every window
hides what it shows behind a lock screen, until the database's passphrase is typed.

Nothing is closed, hidden or reloaded: each open window (the main window, chair mode, any
dialog or form, modal or not) gets a cover laid over all of it, so unsaved typing stays where it
was and autosave carries on underneath. The shared screen shows only "Paused".

One application event filter does both jobs. It notes the time of every key and mouse input;
while locked, it lets input reach only the lock screens (so typing cannot land in a note behind
one, nor Tab move the focus behind it) and stops shortcuts and the window's close button.

Modal dialogs are covered rather than hidden: hiding a dialog ends its ``exec()`` as if it had
been cancelled. A modal dialog blocks input to the windows behind it, so the lock screen that
takes the passphrase is the one on the window in front; a small dialog is made big enough for
it while locked and given its size back afterwards. Blocked windows say where to unlock.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from mdtdesk.core import encryption
from mdtdesk.core.dates import format_time
from mdtdesk.core.errors import MdtError
from mdtdesk.gui.settings import Settings
from mdtdesk.gui.styling import set_style_property

log = logging.getLogger(__name__)

# Longest wait between checks of the clock: a laptop's monotonic clock may stop while it sleeps.
CHECK_MS = 15_000
# After this many wrong passphrases each further one waits longer: 2 s, 4 s, 8 s... at most 30 s.
FREE_TRIES = 3
WAIT_STEP_MS = 2_000
MAX_WAIT_MS = 30_000
LOCKED_TITLE = "mdtdesk: locked"
_MAX_SIZE = 16_777_215  # QWIDGETSIZE_MAX


def _events(names: str) -> frozenset:
    return frozenset(getattr(QEvent.Type, name) for name in names.split())


# Input that shows someone is at the computer.
_ACTIVITY = _events("KeyPress MouseButtonPress MouseButtonDblClick MouseMove Wheel TouchBegin")
# Input that, while locked, may reach only a lock screen.
_INPUT = _ACTIVITY | _events(
    "KeyRelease MouseButtonRelease ShortcutOverride Shortcut ContextMenu ToolTip WhatsThis "
    "InputMethod TouchUpdate TouchEnd TabletPress TabletMove TabletRelease DragEnter DragMove Drop"
)
# What happens to a covered window while locked that the lock must answer.
_WHILE_LOCKED = _events(
    "Show Resize Close ChildAdded FocusIn WindowTitleChange WindowBlocked WindowUnblocked"
)
_E = QEvent.Type
_COVERED_KINDS = {getattr(Qt.WindowType, k) for k in "Window Dialog Sheet Drawer Tool".split()}


class LockScreen(QWidget):
    """The cover over one window. ``audience`` (the shared screen) shows only "Paused";
    otherwise it names the database, says who was using it and asks for the passphrase (or, for
    an unencrypted database, offers an Unlock button). ``tried`` carries what was typed."""

    tried = Signal(str)

    def __init__(
        self,
        window: QWidget,
        database: str,
        detail: str,
        encrypted: bool,
        audience: bool = False,
    ):
        super().__init__(window)
        self.setObjectName("lock_screen_audience" if audience else "lock_screen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Opaque even without the style sheet: the cover must never let a record show through.
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff" if audience else "#005eb8"))
        self.setPalette(palette)
        self.setAccessibleName("Paused" if audience else "mdtdesk is locked")
        self.audience = audience
        self.field: QLineEdit | None = None
        self.button: QPushButton | None = None
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        if audience:
            paused = QLabel("Paused")
            paused.setObjectName("lock_paused")
            paused.setAlignment(Qt.AlignmentFlag.AlignCenter)
            outer.addWidget(paused)
        else:
            row = QHBoxLayout()
            row.addStretch(1)
            row.addWidget(self._panel(database, detail, encrypted), 10)
            row.addStretch(1)
            outer.addLayout(row)
        outer.addStretch(1)
        self.setGeometry(window.rect())

    def _panel(self, database: str, detail: str, encrypted: bool) -> QFrame:
        panel = QFrame()
        panel.setObjectName("lock_panel")
        panel.setMaximumWidth(560)
        box = QVBoxLayout(panel)
        box.setContentsMargins(32, 24, 32, 24)
        box.setSpacing(10)
        box.addWidget(_label("mdtdesk is locked", "lock_heading"))
        box.addWidget(_label(f"Database: {database}", "lock_database"))
        box.addWidget(_label(detail, "lock_detail"))
        self.blocked_note = _label("Unlock it in the mdtdesk window in front of this one.")
        self.blocked_note.hide()
        box.addWidget(self.blocked_note)
        self.inputs = QWidget()
        inputs = QVBoxLayout(self.inputs)
        inputs.setContentsMargins(0, 6, 0, 0)
        inputs.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(8)
        self.button = QPushButton("&Unlock")
        self.button.setProperty("primary", True)
        if encrypted:
            prompt = QLabel("Type the database's &passphrase to unlock:")
            self.field = QLineEdit()
            self.field.setObjectName("lock_passphrase")
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
            self.field.setAccessibleName("Passphrase")
            # Its menu would be a window outside the lock screen, which gets no input.
            self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            self.field.returnPressed.connect(self._try)
            prompt.setBuddy(self.field)
            inputs.addWidget(prompt)
            row.addWidget(self.field, 1)
        else:
            inputs.addWidget(
                _label("This database is not encrypted, so anyone at this computer can unlock it.")
            )
            row.addStretch(1)
        self.button.clicked.connect(self._try)
        row.addWidget(self.button)
        inputs.addLayout(row)
        box.addWidget(self.inputs)
        self.message = _label("", "lock_message")
        self.message.setAccessibleName("Unlock message")
        self.message.hide()
        box.addWidget(self.message)
        return panel

    def _try(self) -> None:
        if self.button is not None and self.button.isEnabled():
            self.tried.emit(self.field.text() if self.field is not None else "")

    def set_blocked(self, blocked: bool) -> None:
        """A modal window in front takes the input: say so instead of offering a dead field."""
        if not self.audience:
            self.inputs.setVisible(not blocked)
            self.blocked_note.setVisible(blocked)

    def set_state(self, message: str, error: bool, busy: bool) -> None:
        """Show ``message`` (in the error style when ``error``); ``busy`` disables the inputs
        while a passphrase is checked or a wait after wrong ones runs."""
        if self.audience:
            return
        self.message.setText(message)
        self.message.setVisible(bool(message))
        set_style_property(self.message, "role", "error" if error else None)
        for widget in (self.field, self.button):
            if widget is not None:
                widget.setEnabled(not busy)
        if self.field is not None and error:
            self.field.clear()

    def focus_input(self) -> None:
        """Put the keyboard focus on the passphrase field (or the Unlock button)."""
        target = self.field if self.field is not None else self.button
        if target is not None and target.isVisibleTo(self) and target.isEnabled():
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab and Shift+Tab go round the lock screen's own controls, never to the window behind.
        stops = [w for w in (self.field, self.button) if w is not None and w.isEnabled()]
        if stops and not self.inputs.isHidden():
            current = QApplication.focusWidget()
            index = stops.index(current) if current in stops else -1
            following = stops[(index + (1 if next else -1)) % len(stops)]
            following.setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def keyPressEvent(self, event) -> None:
        # Enter on the Unlock button presses it, as on a dialog's button (the field has its
        # own). Any other key the field does not use (Esc, F1...) stops here: passed on, it
        # would reach the window behind, where Esc closes a dialog.
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.button is not None and self.button.hasFocus():
            self._try()
        event.accept()


class _Covered:
    """What the lock changed on one window, to give it back on unlock."""

    def __init__(self, window: QWidget, screen: LockScreen):
        self.window = window
        self.screen = screen
        self.audience = screen.audience
        self.title = window.windowTitle()
        self.focus = window.focusWidget()
        self.link = None  # the connection to the window's ``destroyed``
        self.geometry: QRect | None = None
        self.limits: tuple[QSize, QSize] | None = None


class IdleLock(QObject):
    """Watches for input across the app and locks every window after ``settings``'
    ``idle_lock_minutes`` without any (``timeout_ms`` overrides it, for tests).

    ``db_path`` is the open database: its name is shown and its passphrase unlocks. ``user``
    gives who is using mdtdesk (the audit name), read when the lock comes on. Call ``stop`` to
    stop watching. ``locked`` and ``unlocked`` say when the lock comes on and goes off.
    """

    locked = Signal()
    unlocked = Signal()
    # From the checking thread: whether the passphrase was right, and any other problem.
    _checked = Signal(bool, str)

    def __init__(
        self,
        db_path: Path,
        settings: Settings | None = None,
        user: str | Callable[[], str | None] = "",
        timeout_ms: int | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.db_path = Path(db_path)
        self._settings = settings or Settings()
        self._user = user
        self._timeout_ms = timeout_ms
        self._locked = False
        self._covered: dict[QWidget, _Covered] = {}
        self._retitling = False
        self._encrypted = False
        self._checking = False
        self.failures = 0
        self._last_input = self._now()
        self._timeout = self._read_timeout()
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._check_idle)
        self._wait = QTimer(self, singleShot=True)
        self._wait.timeout.connect(self._waited)
        self._checked.connect(self._passphrase_checked)
        QApplication.instance().installEventFilter(self)
        self._arm()

    # -- public -----------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        """Whether the lock screens are up."""
        return self._locked

    def lock_now(self) -> None:
        """Lock at once (File › Lock now)."""
        if not self._locked:
            self._lock("asked for")

    def stop(self) -> None:
        """Stop watching for input (any lock in place stays)."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def screens(self) -> list[LockScreen]:
        """The lock screens up now, one per covered window."""
        return [c.screen for c in self._covered.values() if isValid(c.screen)]

    # -- the clock ---------------------------------------------------------------------------

    def _read_timeout(self) -> float:
        if self._timeout_ms is not None:
            return self._timeout_ms / 1000
        return self._settings.idle_lock_minutes * 60

    @staticmethod
    def _now() -> tuple[float, float]:
        # The monotonic clock stops while some laptops sleep; the wall clock does not.
        return time.monotonic(), time.time()

    def _idle_seconds(self) -> float:
        mono, wall = self._now()
        return max(mono - self._last_input[0], wall - self._last_input[1])

    def _arm(self) -> None:
        # The setting is read here, not on every input: a change applies within CHECK_MS.
        self._timeout = self._read_timeout()
        remaining = self._timeout - self._idle_seconds()
        self._timer.start(max(0, min(int(remaining * 1000) + 1, CHECK_MS)))

    def _check_idle(self) -> None:
        if self._locked:
            return
        if self._idle_seconds() >= self._timeout:
            self._lock("idle")
        else:
            self._arm()

    # -- the event filter --------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT:
            if self._locked:
                return self._keep_out(watched, kind)
            if kind in _ACTIVITY:
                # The first input after a long absence (or a sleep) locks rather than counts.
                if self._idle_seconds() >= self._timeout:
                    self._lock("idle")
                    return True
                self._last_input = self._now()
            return False
        if self._locked and kind in _WHILE_LOCKED:
            return self._while_locked(watched, event, kind)
        return False

    def _keep_out(self, watched: QObject, kind) -> bool:
        """Whether to stop an input event while locked: everything not for a lock screen."""
        if not watched.isWidgetType():
            # A window hands its input on to the widget under the mouse or with the focus,
            # which is checked then; anything else here is a shortcut's or an action's.
            return not watched.isWindowType()
        return _lock_screen_of(watched) is None

    def _while_locked(self, watched: QObject, event: QEvent, kind) -> bool:
        if not watched.isWidgetType():
            return False
        if kind == _E.Show and watched.isWindow():
            if watched not in self._covered and _coverable(watched):
                # Shown while locked (a message, a progress dialog). Fitted once shown: a
                # message box sets its own size as it shows.
                entry = self._cover(watched)
                QTimer.singleShot(0, lambda: self._fit(entry))
                self._update_blocked()
            return False
        covered = self._covered.get(watched)
        if kind == _E.FocusIn:
            if _lock_screen_of(watched) is None:
                # Something behind took the focus: give it back to the lock screen.
                entry = self._covered.get(watched.window())
                if entry is not None:
                    QTimer.singleShot(0, entry.screen.focus_input)
            return False
        if covered is None:
            return False
        if kind == _E.Resize:
            covered.screen.setGeometry(watched.rect())
            # A message box sets its own size again when its layout changes: grow it again.
            QTimer.singleShot(0, lambda: self._fit(covered))
        elif kind == _E.ChildAdded:
            QTimer.singleShot(0, lambda: isValid(covered.screen) and covered.screen.raise_())
        elif kind == _E.WindowTitleChange and not self._retitling:
            covered.title = watched.windowTitle()  # the window's own change, kept for later
            self._set_title(watched, LOCKED_TITLE)
        elif kind in (_E.WindowBlocked, _E.WindowUnblocked):
            QTimer.singleShot(0, self._update_blocked)
        elif kind == _E.Close and event.spontaneous():
            event.ignore()  # the close button: nothing behind the lock closes until unlocked
            return True
        return False

    # -- locking -------------------------------------------------------------------------------

    def _lock(self, reason: str) -> None:
        self._locked = True
        self._timer.stop()
        try:
            self._encrypted = encryption.is_encrypted(self.db_path)
        except MdtError:  # the drive is gone: lock all the same, and ask for the passphrase
            self._encrypted = True
        log.info("locked (%s)", reason)
        popup = QApplication.activePopupWidget()
        for _ in range(20):  # menus and completer lists close; they are not covered
            if popup is None:
                break
            popup.close()
            popup = QApplication.activePopupWidget()
        QToolTip.hideText()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and _coverable(widget):
                self._cover(widget)
        self._update_blocked()
        front = self._front()
        if front is not None:
            front.screen.focus_input()
        self.locked.emit()

    def _detail(self) -> str:
        who = self._user() if callable(self._user) else self._user
        when = f"Locked at {format_time(datetime.now())}"
        return f"{when} while {who} was using it." if who else f"{when}."

    def _cover(self, window: QWidget) -> _Covered:
        audience = _is_audience(window)
        screen = LockScreen(
            window, self.db_path.name, self._detail(), self._encrypted, audience=audience
        )
        entry = _Covered(window, screen)
        self._covered[window] = entry
        # A window deleted while locked (a message answered by the program) leaves the list.
        entry.link = window.destroyed.connect(lambda *_: self._covered.pop(window, None))
        screen.tried.connect(self._try)
        screen.show()
        screen.raise_()
        if not audience:
            self._set_title(window, LOCKED_TITLE)
            screen.set_blocked(_is_blocked(window))
            # Keys typed in this window go to the lock screen, never to what it covers.
            screen.focus_input()
            self._fit(entry)
        return entry

    def _fit(self, entry: _Covered) -> None:
        """Grow a window too small for its lock screen (a message box), around its centre."""
        window, screen = entry.window, entry.screen
        if not self._locked or not isValid(window) or not isValid(screen) or entry.audience:
            return
        need = screen.sizeHint() + QSize(48, 48)  # some room around the panel
        if need.width() <= window.width() and need.height() <= window.height():
            return
        if entry.geometry is None:
            entry.geometry = window.geometry()
            entry.limits = (window.minimumSize(), window.maximumSize())
        size = window.size().expandedTo(need)
        window.setMaximumSize(_MAX_SIZE, _MAX_SIZE)
        window.setMinimumSize(size)
        grown = QRect(window.geometry())
        grown.setSize(size)
        grown.moveCenter(window.geometry().center())
        window.setGeometry(grown)

    def _front(self) -> _Covered | None:
        """The covered window the user types in: the modal one in front, else the active one,
        else the main window."""
        for widget in (QApplication.activeModalWidget(), QApplication.activeWindow()):
            entry = self._covered.get(widget)
            if entry is not None and not entry.screen.audience:
                return entry
        primary = [e for e in self._covered.values() if not e.screen.audience]
        mains = [e for e in primary if isinstance(e.window, QMainWindow)]
        return (mains or primary or [None])[0]

    def _update_blocked(self) -> None:
        for window, entry in list(self._covered.items()):
            if isValid(window) and isValid(entry.screen):
                entry.screen.set_blocked(_is_blocked(window))

    def _set_title(self, window: QWidget, title: str) -> None:
        self._retitling = True
        try:
            window.setWindowTitle(title)
        finally:
            self._retitling = False

    # -- unlocking -----------------------------------------------------------------------------

    def _try(self, passphrase: str) -> None:
        if not self._locked or self._wait.isActive() or self._checking:
            return
        if not self._encrypted:
            self._unlock()
            return
        if not passphrase:
            self._say("Type the passphrase, then press Enter.", error=True, busy=False)
            return
        self._checking = True
        self._say("Checking the passphrase…", error=False, busy=True)
        # Deriving the key takes a fifth of a second or more: off the UI thread.
        threading.Thread(
            target=self._check_passphrase, args=(passphrase,), name="idle-lock", daemon=True
        ).start()

    def _check_passphrase(self, passphrase: str) -> None:
        right, problem = False, ""
        try:
            if encryption.is_unlocked(self.db_path):
                right = encryption.passphrase_matches(self.db_path, passphrase)
            else:
                # The key is not in memory (forgotten since): check against the file itself.
                from mdtdesk.core.db import key_opens

                encryption.unlock(self.db_path, passphrase, key_opens(self.db_path))
                right = True
        except encryption.WrongPassphrase:
            pass
        except MdtError as error:  # the file cannot be read: say so, not "wrong passphrase"
            problem = str(error)
        except Exception:
            log.exception("checking the passphrase failed")
            problem = "The passphrase could not be checked. The details are in the log file."
        with contextlib.suppress(RuntimeError):  # the app closed while the key was derived
            self._checked.emit(right, problem)

    def _passphrase_checked(self, right: bool, problem: str) -> None:
        self._checking = False
        if not self._locked:
            return
        if right:
            self._unlock()
            return
        if problem:
            self._say(problem, error=True, busy=False)
            return
        self.failures += 1
        log.info("wrong passphrase at the lock screen (%d in a row)", self.failures)
        if self.failures < FREE_TRIES:
            self._say("Wrong passphrase. Check it (and Caps Lock) and try again.", True, False)
            return
        wait_ms = min(WAIT_STEP_MS * 2 ** (self.failures - FREE_TRIES), MAX_WAIT_MS)
        seconds = max(1, round(wait_ms / 1000))
        self._say(
            f"Wrong passphrase. Wait {seconds} second{'s' if seconds != 1 else ''}, then try "
            "again.",
            error=True,
            busy=True,
        )
        self._wait.start(wait_ms)

    def _waited(self) -> None:
        self._say("Wrong passphrase. Check it (and Caps Lock) and try again.", True, False)

    def _say(self, message: str, error: bool, busy: bool) -> None:
        for screen in self.screens():
            screen.set_state(message, error, busy)
        front = self._front()
        if front is not None and not busy:
            front.screen.focus_input()

    def _unlock(self) -> None:
        self._locked = False
        self.failures = 0
        self._wait.stop()
        covered, self._covered = self._covered, {}
        for entry in covered.values():
            window = entry.window
            if isValid(entry.screen):
                entry.screen.hide()
                entry.screen.deleteLater()
            if not isValid(window):
                continue
            window.destroyed.disconnect(entry.link)
            if not entry.audience:
                self._set_title(window, entry.title)
            if entry.limits is not None:
                window.setMinimumSize(entry.limits[0])
                window.setMaximumSize(entry.limits[1])
                window.setGeometry(entry.geometry)
            focus = entry.focus
            if focus is not None and isValid(focus) and focus.window() is window:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._last_input = self._now()
        self._arm()
        log.info("unlocked")
        self.unlocked.emit()


def _label(text: str, name: str = "lock_note") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a database's name may hold "<"
    label.setWordWrap(True)
    return label


def _lock_screen_of(widget: QWidget) -> LockScreen | None:
    """The lock screen ``widget`` is part of, if any."""
    while widget is not None:
        if isinstance(widget, LockScreen):
            return widget
        widget = widget.parentWidget()
    return None


def _coverable(widget: QWidget) -> bool:
    """A window that can show something: not a menu, a tool tip or a list popping up."""
    return widget.isWindow() and widget.windowType() in _COVERED_KINDS


def _is_audience(widget: QWidget) -> bool:
    from mdtdesk.gui.shared_screen import SharedScreen

    return isinstance(widget, SharedScreen)


def _is_blocked(window: QWidget) -> bool:
    """Whether a modal window in front takes the input from ``window`` (Qt's rule: an
    application-modal window blocks every other window, a window-modal one its family)."""
    modal = QApplication.activeModalWidget()
    if modal is None or modal is window:
        return False
    parent = window.parentWidget()
    while parent is not None:  # a window of the modal one's own is not blocked by it
        if parent is modal:
            return False
        parent = parent.parentWidget()
    if modal.windowModality() == Qt.WindowModality.ApplicationModal:
        return True
    roots = []
    for widget in (window, modal):
        while widget.parentWidget() is not None:
            widget = widget.parentWidget()
        roots.append(widget)
    return roots[0] is roots[1]
