; mdtdesk for Windows: a per-user installer (no administrator rights) for the PyInstaller
; one-folder build. See installer/windows/README.md for building and deploying it.
;
;   makensis /DVERSION=0.1.0 /DDIST_DIR=C:\src\mdtdesk\dist\mdtdesk installer\windows\mdtdesk.nsi
;
; Defines (makensis /DNAME=VALUE, before the script's name):
;   VERSION       required: the version from pyproject.toml (build.ps1 passes it)
;   VERSION_QUAD  the file version, four numbers (default: VERSION.0; build.ps1 passes it)
;   DIST_DIR      the one-folder build holding mdtdesk.exe (default: dist\mdtdesk)
;   OUT_FILE      the setup program to write (default: dist\mdtdesk-VERSION-setup.exe)
;   PUBLISHER     shown in Settings > Apps (default: The mdtdesk developers)
;   TARGET        only for check-nsis.sh --wine: amd64-unicode, for a Wine without 32-bit
;                 support (the real installer is NSIS's usual x86-unicode, for every Windows)
; Relative paths are taken from this script's folder, as makensis does.
;
; Program files go to %LOCALAPPDATA%\Programs\mdtdesk. The user's data (the database, its key
; and lock files, the backups folder and the logs) lives in %LOCALAPPDATA%\mdtdesk: the
; installer refuses a folder that is that one, inside it or around it, and the uninstaller
; never deletes it (nor anything that looks like a database, a key file or a backups folder).

Unicode true
!ifdef TARGET
  Target ${TARGET}
!endif
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "Give the version: makensis /DVERSION=x.y.z (installer/windows/build.ps1 reads it from pyproject.toml)"
!endif
!ifndef VERSION_QUAD
  !define VERSION_QUAD "${VERSION}.0"
!endif
!ifndef DIST_DIR
  !define DIST_DIR "..\..\dist\mdtdesk"
!endif
!ifndef OUT_FILE
  !define OUT_FILE "..\..\dist\mdtdesk-${VERSION}-setup.exe"
!endif
!ifndef PUBLISHER
  !define PUBLISHER "The mdtdesk developers"
!endif

!define APP_NAME "mdtdesk"
!define APP_EXE "mdtdesk.exe"
; The command line on Windows (a console program beside the windowed one), if the build has it.
!define CLI_EXE "mdtdesk-cli.exe"
!define UNINSTALLER "Uninstall.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_NAME}"
; Where mdtdesk keeps the user's data (platformdirs.user_data_path("mdtdesk", appauthor=False)).
!define DATA_DIR "$LOCALAPPDATA\${APP_NAME}"

!if ! /FileExists "${DIST_DIR}\${APP_EXE}"
  !error "No ${APP_EXE} in DIST_DIR (${DIST_DIR}): build the one-folder bundle first (pyinstaller installer/mdtdesk.spec --noconfirm)"
!endif

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "Sections.nsh"

Name "${APP_NAME}"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
; A reinstall or an upgrade goes to the folder of the earlier install (unless /D= says otherwise).
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
RequestExecutionLevel user
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"

; ---------------------------------------------------------------------------------------------
; Pages

!define MUI_ICON "mdtdesk.ico"
!define MUI_UNICON "mdtdesk.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC

!define MUI_WELCOMEPAGE_TEXT "This installs ${APP_NAME} ${VERSION} for you alone: no administrator rights are needed.$\r$\n$\r$\nIf ${APP_NAME} is open, close it first (everything you typed is already saved).$\r$\n$\r$\nYour MDT data is kept apart from the program, in $LOCALAPPDATA\${APP_NAME}, and an update or an uninstall never touches it."
!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_LEAVE DirectoryLeave
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_TEXT "${APP_NAME} ${VERSION} is installed. Start it from the Start menu.$\r$\n$\r$\nYour data (the database and its backups folder) is kept in $LOCALAPPDATA\${APP_NAME}."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APP_NAME} now"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "${APP_NAME} will be removed from the folder below. Your MDT data in $LOCALAPPDATA\${APP_NAME} (the database and its backups folder) is NOT removed."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!define MUI_FINISHPAGE_TITLE "${APP_NAME} has been removed"
!define MUI_FINISHPAGE_TEXT "The program and its shortcuts have been removed.$\r$\n$\r$\nYour MDT data has been kept: the database and its backups folder are still in $LOCALAPPDATA\${APP_NAME}. Installing ${APP_NAME} again opens them as before. Delete that folder yourself only if your records policy says the data is no longer needed."
!insertmacro MUI_UNPAGE_FINISH

!insertmacro MUI_LANGUAGE "English"

VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP_NAME} ${VERSION} setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "MIT licence, ${PUBLISHER}"

; ---------------------------------------------------------------------------------------------
; Functions used by both the installer and the uninstaller (the uninstaller's carry "un.").

; Leaves mdtdesk.exe and mdtdesk-cli.exe (the command line, when the build has it) free to
; replace or delete: a running program's file cannot be opened for writing. Asks to close
; mdtdesk and retry; a silent run, or Cancel, stops with exit code 2.
!macro DEFINE_CHECK_NOT_RUNNING UN
Function ${UN}CheckNotRunning
  Push "$INSTDIR\${APP_EXE}"
  Call ${UN}CheckProgramFree
  Push "$INSTDIR\${CLI_EXE}"
  Call ${UN}CheckProgramFree
FunctionEnd

; Pops a program's path; returns when it is not running (or not there).
Function ${UN}CheckProgramFree
  Exch $1
  Push $0
  check:
  ${If} ${FileExists} $1
    ClearErrors
    FileOpen $0 $1 a
    ${If} ${Errors}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_NAME} is open. Close it (everything you typed is already saved) and press Retry." /SD IDCANCEL IDRETRY check
      SetErrorLevel 2
      Abort "${APP_NAME} is running: close it and run this again."
    ${EndIf}
    FileClose $0
  ${EndIf}
  Pop $0
  Pop $1
FunctionEnd
!macroend
!insertmacro DEFINE_CHECK_NOT_RUNNING ""
!insertmacro DEFINE_CHECK_NOT_RUNNING "un."

; Removes the program's files from $INSTDIR, one top-level entry at a time (a folder with all it
; holds), but keeps whatever may be a user's data, should it ever have been put there: the data
; folder itself and any folder that holds it, *.db and its -wal, -shm and -journal files, *.key,
; *.lock, *.holder, and any folder named backups or Logs. So even an install folder chosen badly loses no data.
!macro DEFINE_REMOVE_PROGRAM_FILES UN
Function ${UN}RemoveProgramFiles
  Push $0
  Push $1
  Push $2
  Push $3
  Push $4
  FindFirst $0 $1 "$INSTDIR\*"
  ${DoUntil} $1 == ""
    StrCpy $2 "remove"
    ${If} $1 == "."
    ${OrIf} $1 == ".."
    ${OrIf} $1 == "backups"
    ${OrIf} $1 == "Logs"
      StrCpy $2 "keep"
    ${EndIf}
    ; The data folder, or a folder that holds it.
    StrLen $3 "$INSTDIR\$1\"
    StrCpy $4 "${DATA_DIR}\" $3
    ${If} $4 == "$INSTDIR\$1\"
      StrCpy $2 "keep"
    ${EndIf}
    ${If} $2 == "remove"
      Push $1
      Call ${UN}IsDataFileName
      Pop $2
    ${EndIf}
    ${If} $2 == "keep"
      ${If} $1 != "."
      ${AndIf} $1 != ".."
        DetailPrint "Kept $INSTDIR\$1"
      ${EndIf}
    ${ElseIf} ${FileExists} "$INSTDIR\$1\*.*"
      RMDir /r "$INSTDIR\$1"
    ${Else}
      Delete "$INSTDIR\$1"
    ${EndIf}
    FindNext $0 $1
  ${Loop}
  FindClose $0
  Pop $4
  Pop $3
  Pop $2
  Pop $1
  Pop $0
FunctionEnd

; Pops a file name and pushes "keep" when it names a database, key, lock or holder file, else
; "remove".
Function ${UN}IsDataFileName
  Exch $0
  Push $1
  StrCpy $1 $0 "" -3
  StrCmp $1 ".db" keep
  StrCpy $1 $0 "" -4
  StrCmp $1 ".key" keep
  StrCmp $1 "-wal" keep
  StrCmp $1 "-shm" keep
  StrCpy $1 $0 "" -5
  StrCmp $1 ".lock" keep
  StrCpy $1 $0 "" -7
  StrCmp $1 ".holder" keep
  StrCpy $1 $0 "" -8
  StrCmp $1 "-journal" keep
  StrCpy $0 "remove"
  Goto done
  keep:
  StrCpy $0 "keep"
  done:
  Pop $1
  Exch $0
FunctionEnd
!macroend
!insertmacro DEFINE_REMOVE_PROGRAM_FILES ""
!insertmacro DEFINE_REMOVE_PROGRAM_FILES "un."

; ---------------------------------------------------------------------------------------------
; The installer

; Sets $R9 to why $INSTDIR cannot take mdtdesk, or to "" when it can: not the data folder, not
; inside it, not a folder that holds it, not a drive's root, and either new, empty, or an
; earlier mdtdesk install (one with mdtdesk.exe), since an upgrade clears it before copying.
Function CheckInstallFolder
  Push $0
  Push $1
  StrCpy $R9 ""
  StrLen $0 "${DATA_DIR}\"
  StrCpy $1 "$INSTDIR\" $0
  ${If} $1 == "${DATA_DIR}\"
    StrCpy $R9 "$INSTDIR is mdtdesk's data folder (or inside it), where your database and backups are kept. Choose another folder, such as $LOCALAPPDATA\Programs\${APP_NAME}."
  ${EndIf}
  StrLen $0 "$INSTDIR\"
  StrCpy $1 "${DATA_DIR}\" $0
  ${If} $R9 == ""
  ${AndIf} $1 == "$INSTDIR\"
    StrCpy $R9 "$INSTDIR holds mdtdesk's data folder ${DATA_DIR}. Choose a folder of its own for the program, such as $LOCALAPPDATA\Programs\${APP_NAME}."
  ${EndIf}
  StrLen $0 $INSTDIR
  ${If} $R9 == ""
  ${AndIf} $0 <= 3
    StrCpy $R9 "Choose a folder for ${APP_NAME}, not the root of a drive."
  ${EndIf}
  ${If} $R9 == ""
  ${AndIfNot} ${FileExists} "$INSTDIR\${APP_EXE}"
    FindFirst $0 $1 "$INSTDIR\*"
    ${DoUntil} $1 == ""
      ${If} $1 != "."
      ${AndIf} $1 != ".."
        StrCpy $R9 "$INSTDIR already holds other files. Choose a new or empty folder (or the folder of an earlier ${APP_NAME})."
        ${Break}
      ${EndIf}
      FindNext $0 $1
    ${Loop}
    FindClose $0
  ${EndIf}
  Pop $1
  Pop $0
FunctionEnd

Function DirectoryLeave
  Call CheckInstallFolder
  ${If} $R9 != ""
    MessageBox MB_OK|MB_ICONEXCLAMATION "$R9"
    Abort
  ${EndIf}
FunctionEnd

Section "${APP_NAME} (required)" SecProgram
  SectionIn RO
  Call CheckInstallFolder
  ${If} $R9 != ""
    SetErrorLevel 2
    Abort "$R9"
  ${EndIf}
  Call CheckNotRunning

  ; An upgrade first clears the earlier version's program files, so none of them is left
  ; beside the new ones.
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
    DetailPrint "Removing the earlier version's program files"
    Call RemoveProgramFiles
  ${EndIf}

  SetOutPath "$INSTDIR"
  File /r "${DIST_DIR}\*"
  File "/oname=mdtdesk.ico" "mdtdesk.ico"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  ; Settings > Apps (per user).
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\mdtdesk.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"

  ; A reinstall makes the shortcuts chosen this time, and only those.
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
SectionEnd

Section "Start menu shortcut (required)" SecStartMenu
  SectionIn RO
  SetOutPath "$INSTDIR"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\mdtdesk.ico" 0 SW_SHOWNORMAL "" "Run neighbourhood MDT meetings"
SectionEnd

Section "Desktop shortcut" SecDesktop
  SetOutPath "$INSTDIR"
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\mdtdesk.ico" 0 SW_SHOWNORMAL "" "Run neighbourhood MDT meetings"
SectionEnd

; /NODESKTOP leaves the desktop shortcut out (for a silent install); a silent install into an
; unsuitable folder stops at once with exit code 2.
Function .onInit
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/NODESKTOP" $1
  ${IfNot} ${Errors}
    !insertmacro UnselectSection ${SecDesktop}
  ${EndIf}
  ${If} ${Silent}
    Call CheckInstallFolder
    ${If} $R9 != ""
      SetErrorLevel 2
      Abort
    ${EndIf}
  ${EndIf}
FunctionEnd

; ---------------------------------------------------------------------------------------------
; The uninstaller: the program files, the shortcuts and the registry entry. Never the data in
; %LOCALAPPDATA%\mdtdesk.

Section "Uninstall"
  Call un.CheckNotRunning

  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  ; Only a folder that is mdtdesk's is cleared (the installer never put it anywhere else).
  ${If} ${FileExists} "$INSTDIR\${APP_EXE}"
  ${OrIf} ${FileExists} "$INSTDIR\_internal\*.*"
    Call un.RemoveProgramFiles
  ${EndIf}
  Delete "$INSTDIR\${UNINSTALLER}"
  ; Removed only when empty: anything kept above keeps the folder too. (Not the current folder
  ; then, which cannot be removed.)
  SetOutPath "$TEMP"
  RMDir "$INSTDIR"

  DeleteRegKey HKCU "${UNINST_KEY}"
  DetailPrint "Your data in ${DATA_DIR} has been kept."
SectionEnd
