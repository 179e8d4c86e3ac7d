; 年报助手 — the Windows installer (NSIS 3, amd64, Unicode).
;
;     uv run packaging/build.py nsis        how to build it: build.py passes the !defines below
;
; For the current user, without administrator rights: the program goes to
; %LOCALAPPDATA%\Programs\nianbao-zhushou, the shortcuts to the user's Start menu and desktop, the
; .gknb file type and the 应用和功能 entry to HKCU.  /S installs silently (IT departments); /D=DIR
; (last on the command line) installs elsewhere.
;
; The uninstaller removes exactly what the installer put there.  The clerk's reports live wherever
; the clerk saved them, and the program's settings and autosaves in %LOCALAPPDATA%\nianbao-zhushou
; (platformdirs, see models/app.py): neither is touched.

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma
SetCompressorDictSize 32

!macro _require NAME
  !ifndef ${NAME}
    !error "${NAME} is not defined: build with uv run packaging/build.py nsis"
  !endif
!macroend
!insertmacro _require APP_ID
!insertmacro _require APP_NAME
!insertmacro _require APP_FULL_NAME
!insertmacro _require VERSION
!insertmacro _require VERSION_QUAD
!insertmacro _require EXE
!insertmacro _require PROGID
!insertmacro _require DIST
!insertmacro _require OUTFILE
!insertmacro _require ICON
!insertmacro _require ESTIMATED_SIZE_KB

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define APP_KEY "Software\${APP_ID}"
!define CLASSES "Software\Classes"
!define EXTENSION ".gknb"
!define UNINSTALLER "uninstall.exe"
!define SHORTCUT "${APP_NAME}.lnk"

Name "${APP_NAME}"
Caption "${APP_NAME} ${VERSION} 安装"
UninstallCaption "卸载 ${APP_NAME}"
BrandingText "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${APP_KEY}" "InstallDir"
ShowInstDetails nevershow
ShowUninstDetails nevershow

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "Comments" "${APP_FULL_NAME}"

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "欢迎安装${APP_NAME}"
!define MUI_WELCOMEPAGE_TEXT "${APP_NAME}帮助您按国务院办公厅规定的格式填写政府信息公开工作年度报告，填写时即时检查各项数字。$\r$\n$\r$\n本程序只为当前 Windows 用户安装，不需要管理员权限，也不联网。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An older version's program files go first, so that none of its libraries is left behind.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST}/*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortcut "$SMPROGRAMS\${SHORTCUT}" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 \
      SW_SHOWNORMAL "" "${APP_FULL_NAME}"
  CreateShortcut "$DESKTOP\${SHORTCUT}" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0 \
      SW_SHOWNORMAL "" "${APP_FULL_NAME}"

  ; The .gknb file type: a double-click opens the program with the file.
  WriteRegStr HKCU "${CLASSES}\${EXTENSION}" "" "${PROGID}"
  WriteRegStr HKCU "${CLASSES}\${EXTENSION}" "Content Type" "application/x-nianbao-gknb"
  WriteRegStr HKCU "${CLASSES}\${EXTENSION}\OpenWithProgids" "${PROGID}" ""
  WriteRegStr HKCU "${CLASSES}\${PROGID}" "" "${APP_NAME}项目"
  WriteRegStr HKCU "${CLASSES}\${PROGID}\DefaultIcon" "" '"$INSTDIR\${EXE}",0'
  WriteRegStr HKCU "${CLASSES}\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'

  ; 应用和功能 (Add or remove programs), for this user.
  WriteRegStr HKCU "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Comments" "${APP_FULL_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" '"$INSTDIR\${EXE}",0'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" ${ESTIMATED_SIZE_KB}

  ; Explorer shows the new file type's icon without a restart.
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${SHORTCUT}"
  Delete "$DESKTOP\${SHORTCUT}"

  ; Only the program's own files: never RMDir /r "$INSTDIR", which may have been pointed at a
  ; folder that holds other things (/D=).
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"

  ; The file type, if it is still ours.
  DeleteRegKey HKCU "${CLASSES}\${PROGID}"
  DeleteRegValue HKCU "${CLASSES}\${EXTENSION}\OpenWithProgids" "${PROGID}"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${EXTENSION}\OpenWithProgids"
  ReadRegStr $0 HKCU "${CLASSES}\${EXTENSION}" ""
  StrCmp $0 "${PROGID}" 0 +3
    DeleteRegValue HKCU "${CLASSES}\${EXTENSION}" ""
    DeleteRegValue HKCU "${CLASSES}\${EXTENSION}" "Content Type"
  DeleteRegKey /ifempty HKCU "${CLASSES}\${EXTENSION}"

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${APP_KEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Function .onInit
  SetShellVarContext current
FunctionEnd
