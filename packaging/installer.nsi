; 年报助手 — the Windows installer (NSIS 3.08+, Unicode), for 64-bit Windows 10/11.
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
; (platformdirs, see models/app.py): neither is touched, so an upgrade over an existing install
; keeps both.
;
; The installer is a 32-bit program: the official Windows NSIS (what the Windows runner and choco
; have) ships only x86 stubs and plugins.  Nothing is lost by it: HKCU and %LOCALAPPDATA% are not
; redirected for 32-bit programs (and HKLM is never written), and .onInit refuses 32-bit Windows,
; where the 64-bit program could not run.
;
; A running program (its window, or a command of nianbao-zhushou-cli.exe, holds the named mutex
; RUNNING_MUTEX, models/running.py) has its files locked: the installer and the uninstaller ask the
; clerk to close it (重试/取消), and with /S stop before touching anything, with exit code 3.  Exit codes under /S: 0 done, 3 the program is running,
; 4 not 64-bit Windows, 5 the folder cannot be written, 6 already installed in another folder
; (应用和功能 has one entry per user: a second folder would orphan the first).
;
; Signing: when build.py is given --sign (the workflow, on tags only) it defines SIGN_COMMAND as
; packaging/sign.py, which signs with the repository's configured command and fails unless the file
; comes back signed; makensis runs it on the installer (!finalize) and on the uninstaller it embeds
; (!uninstfinalize), so that the uninstall.exe written on the clerk's computer is signed too.

Unicode true
Target x86-unicode
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
!insertmacro _require CLI_EXE
!insertmacro _require RUNNING_MUTEX
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
!define EXIT_RUNNING 3
!define EXIT_NOT_64_BIT 4
!define EXIT_NOT_WRITABLE 5
!define EXIT_OTHER_FOLDER 6

!ifdef SIGN_COMMAND
  ; %1 is the file makensis has just written; a non-zero exit fails the build.
  !finalize '${SIGN_COMMAND} "%1"' = 0
  !uninstfinalize '${SIGN_COMMAND} "%1"' = 0
!endif

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
!include "LogicLib.nsh"
!include "x64.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "欢迎安装${APP_NAME}"
!define MUI_WELCOMEPAGE_TEXT "${APP_NAME}帮助您按国务院办公厅规定的格式填写政府信息公开工作年度报告，填写时即时检查各项数字。$\r$\n$\r$\n本程序只为当前 Windows 用户安装，不需要管理员权限，也不联网。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在打开${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_LEAVE DirectoryLeave
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetShellVarContext current
  ; Again here: the clerk may have started the program while the pages were shown.
  Call StopIfRunning
  Call StopIfOtherInstall
  Call StopIfNotWritable
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
  Delete "$INSTDIR\${CLI_EXE}"
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

; The program's window and its commands hold the mutex RUNNING_MUTEX (models/running.py).
; SYNCHRONIZE (0x00100000) is the least access OpenMutexW accepts; a null handle means no instance
; runs.
!macro RUNNING_CHECK UN
Function ${UN}StopIfRunning
  retry:
    System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${RUNNING_MUTEX}") p .r0'
    ${If} $0 P= 0
      Return
    ${EndIf}
    System::Call 'kernel32::CloseHandle(p r0)'
    IfSilent stop
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
        "${APP_NAME}正在运行。请先保存报告并关闭${APP_NAME}的所有窗口，等命令行中正在执行的${APP_NAME}命令（如批量审核）结束，再点击“重试”；$\r$\n点击“取消”退出，不做任何更改。" \
        /SD IDCANCEL IDRETRY retry
  stop:
    SetErrorLevel ${EXIT_RUNNING}
    Quit
FunctionEnd
!macroend
!insertmacro RUNNING_CHECK ""
!insertmacro RUNNING_CHECK "un."

; Whether the current user can create a file in $INSTDIR (made if missing); $0 is 1 or 0.  A
; folder made just for the test is removed again (RMDir only removes it while empty).
Function WriteTest
  StrCpy $0 0
  ClearErrors
  CreateDirectory "$INSTDIR"
  FileOpen $1 "$INSTDIR\~nianbao-write-test.tmp" w
  ${IfNot} ${Errors}
    FileClose $1
    Delete "$INSTDIR\~nianbao-write-test.tmp"
    StrCpy $0 1
  ${EndIf}
  ${IfNot} ${FileExists} "$INSTDIR\${EXE}"
    RMDir "$INSTDIR"
  ${EndIf}
FunctionEnd

; $0: the folder of an existing install elsewhere than $INSTDIR, or "".
Function OtherInstall
  ReadRegStr $0 HKCU "${APP_KEY}" "InstallDir"
  ${If} $0 == ""
  ${OrIfNot} ${FileExists} "$0\${EXE}"
    StrCpy $0 ""
    Return
  ${EndIf}
  GetFullPathName $1 "$INSTDIR"
  GetFullPathName $2 "$0"
  ${If} $1 == $2  ; an upgrade in place (string comparison is case-insensitive)
    StrCpy $0 ""
  ${EndIf}
FunctionEnd

Function StopIfOtherInstall
  Call OtherInstall
  ${If} $0 != ""
    IfSilent +2
      MessageBox MB_OK|MB_ICONSTOP "${APP_NAME}已经安装在“$0”中。要换文件夹，请先在“应用和功能”中卸载它；升级时请安装到同一文件夹。"
    SetErrorLevel ${EXIT_OTHER_FOLDER}
    Quit
  ${EndIf}
FunctionEnd

Function DirectoryLeave
  Call OtherInstall
  ${If} $0 != ""
    MessageBox MB_OK|MB_ICONEXCLAMATION "${APP_NAME}已经安装在“$0”中。升级时请安装到同一文件夹；要换文件夹，请先卸载它。"
    Abort
  ${EndIf}
  Call WriteTest
  ${If} $0 == 0
    MessageBox MB_OK|MB_ICONEXCLAMATION \
        "当前用户不能在“$INSTDIR”中写入文件（例如 Program Files 需要管理员权限）。$\r$\n请选择您自己的文件夹，例如默认的“$LOCALAPPDATA\Programs\${APP_ID}”。"
    Abort
  ${EndIf}
FunctionEnd

Function StopIfNotWritable
  Call WriteTest
  ${If} $0 == 0
    IfSilent +2
      MessageBox MB_OK|MB_ICONSTOP "当前用户不能在“$INSTDIR”中写入文件，没有安装。请换一个文件夹再安装。"
    SetErrorLevel ${EXIT_NOT_WRITABLE}
    Quit
  ${EndIf}
FunctionEnd

Function .onInit
  SetShellVarContext current
  ${IfNot} ${RunningX64}
    IfSilent +2
      MessageBox MB_OK|MB_ICONSTOP "${APP_NAME}只能安装在 64 位 Windows（Windows 10 或 11）上，这台电脑是 32 位 Windows。"
    SetErrorLevel ${EXIT_NOT_64_BIT}
    Quit
  ${EndIf}
  Call StopIfRunning
FunctionEnd

Function un.onInit
  SetShellVarContext current
  Call un.StopIfRunning
FunctionEnd
