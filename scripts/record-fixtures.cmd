@echo off
rem ==========================================================================================
rem  record-fixtures.cmd - capture what certrebind reads from a Windows server, with the
rem  built-in tools only (netsh, certutil, appcmd, reg, ver, chcp; no PowerShell).
rem
rem  Run it from an elevated Command Prompt ("Run as administrator"):
rem      record-fixtures.cmd [PARENT-FOLDER]
rem  It creates PARENT-FOLDER\<COMPUTERNAME>-<YYYYMMDD-HHMM>\ (default parent: the folder this
rem  script is in) holding, byte for byte as the tools print them:
rem      netsh-http-show-sslcert.txt          netsh http show sslcert
rem      certutil-store-my.txt                certutil -store My
rem      certutil-store-webhosting.txt        certutil -store WebHosting   (if that store exists)
rem      certutil-v-store-my.txt              certutil -v -store My
rem      appcmd-list-site.txt                 appcmd list site             (if IIS is installed)
rem      appcmd-list-site-config.txt          appcmd list site /config     (if IIS is installed: sslFlags)
rem      netsh-http-update-sslcert-help.txt   netsh http update sslcert /?
rem      README                               Windows version, code page, UI language, date
rem  The folder can then be replayed with:  certrebind bindings --from <folder>
rem
rem  It only READS: nothing on the server is changed.
rem  BEFORE YOU SHARE THE FOLDER: it contains your certificate hashes, host names, IP
rem  addresses, certificate subjects and the computer name. Replace them by invented values
rem  (the same fake value for the same real one in every file; hashes stay 40 hex digits;
rem  use .example domains) - and do not change anything else: spacing, blank lines, line
rem  ends and the code page are what the fixture is for.
rem ==========================================================================================
setlocal EnableExtensions DisableDelayedExpansion

rem Full paths: never whatever netsh.exe/certutil.exe happens to be first in PATH.
set "SYS=%SystemRoot%\System32"
set "NETSH=%SYS%\netsh.exe"
set "CERTUTIL=%SYS%\certutil.exe"
set "APPCMD=%SYS%\inetsrv\appcmd.exe"
set "REG=%SYS%\reg.exe"
set "CHCP=%SYS%\chcp.com"
set "FLTMC=%SYS%\fltmc.exe"
set "MORE=%SYS%\more.com"
set "WMIC=%SYS%\wbem\WMIC.exe"
set "DISM=%SYS%\Dism.exe"

rem ---- must be elevated: certutil -store and netsh show work unelevated on some versions,
rem ---- but not all, and a half capture is worse than none
"%FLTMC%" >nul 2>&1
if errorlevel 1 (
    echo record-fixtures: run this from an elevated Command Prompt ^(Run as administrator^). 1>&2
    exit /b 1
)
if not exist "%NETSH%" (
    echo record-fixtures: %NETSH% not found. 1>&2
    exit /b 1
)
if not exist "%CERTUTIL%" (
    echo record-fixtures: %CERTUTIL% not found. 1>&2
    exit /b 1
)

rem ---- folder name: computer name and local date/time (WMIC where it still exists, else %DATE%)
set "STAMP="
if exist "%WMIC%" for /f "skip=1 tokens=1 delims=." %%A in ('"%WMIC%" os get LocalDateTime 2^>nul') do if not defined STAMP set "STAMP=%%A"
if defined STAMP set "STAMP=%STAMP:~0,8%-%STAMP:~8,4%"
if not defined STAMP set "STAMP=%DATE%-%TIME:~0,5%"
set "STAMP=%STAMP:/=-%"
set "STAMP=%STAMP:.=-%"
set "STAMP=%STAMP:,=-%"
set "STAMP=%STAMP::=%"
set "STAMP=%STAMP: =%"

if "%~1"=="" (set "PARENT=%~dp0") else (set "PARENT=%~1")
if "%PARENT:~-1%"=="\" set "PARENT=%PARENT:~0,-1%"
set "OUT=%PARENT%\%COMPUTERNAME%-%STAMP%"
if exist "%OUT%\" (
    echo record-fixtures: %OUT% already exists; wait a minute or remove it. 1>&2
    exit /b 1
)
mkdir "%OUT%"
if errorlevel 1 (
    echo record-fixtures: cannot create %OUT% 1>&2
    exit /b 1
)
echo Capturing into %OUT%

rem ---- the outputs certrebind parses (stderr kept apart: the files hold stdout only)
echo   netsh http show sslcert
"%NETSH%" http show sslcert > "%OUT%\netsh-http-show-sslcert.txt" 2> "%OUT%\stderr-netsh-show.txt"

echo   certutil -store My
"%CERTUTIL%" -store My > "%OUT%\certutil-store-my.txt" 2> "%OUT%\stderr-certutil-my.txt"

"%REG%" query "HKLM\SOFTWARE\Microsoft\SystemCertificates\WebHosting" >nul 2>&1
if errorlevel 1 (
    echo   certutil -store WebHosting: no WebHosting store on this machine, skipped
) else (
    echo   certutil -store WebHosting
    "%CERTUTIL%" -store WebHosting > "%OUT%\certutil-store-webhosting.txt" 2> "%OUT%\stderr-certutil-webhosting.txt"
)

echo   certutil -v -store My
"%CERTUTIL%" -v -store My > "%OUT%\certutil-v-store-my.txt" 2> "%OUT%\stderr-certutil-v-my.txt"

if exist "%APPCMD%" (
    echo   appcmd list site
    "%APPCMD%" list site > "%OUT%\appcmd-list-site.txt" 2> "%OUT%\stderr-appcmd.txt"
    echo   appcmd list site /config
    "%APPCMD%" list site /config > "%OUT%\appcmd-list-site-config.txt" 2> "%OUT%\stderr-appcmd-config.txt"
) else (
    echo   appcmd list site: IIS is not installed, skipped
)

echo   netsh http update sslcert /?
"%NETSH%" http update sslcert /? > "%OUT%\netsh-http-update-sslcert-help.txt" 2>&1

rem drop the stderr files that stayed empty
pushd "%OUT%"
for %%F in (stderr-*.txt) do if %%~zF==0 del "%%F"
popd

rem ---- README: what the capture is, and how to read its bytes
set "README=%OUT%\README"
> "%README%" echo Captured by record-fixtures.cmd on %DATE% %TIME% (local time)
>>"%README%" echo Computer: %COMPUTERNAME%   (anonymise before sharing)
>>"%README%" echo.
>>"%README%" echo ---- ver
ver >> "%README%"
>>"%README%" echo ---- Windows edition and build
"%REG%" query "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion" /v ProductName >> "%README%" 2>&1
"%REG%" query "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion" /v DisplayVersion >> "%README%" 2>&1
"%REG%" query "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion" /v CurrentBuild >> "%README%" 2>&1
>>"%README%" echo ---- chcp (the OEM code page the tools above wrote in)
"%CHCP%" >> "%README%"
"%REG%" query "HKLM\SYSTEM\CurrentControlSet\Control\Nls\CodePage" /v OEMCP >> "%README%" 2>&1
"%REG%" query "HKLM\SYSTEM\CurrentControlSet\Control\Nls\CodePage" /v ACP >> "%README%" 2>&1
>>"%README%" echo ---- UI language and locale
"%REG%" query "HKCU\Control Panel\International" /v LocaleName >> "%README%" 2>&1
"%REG%" query "HKCU\Control Panel\International" /v sShortDate >> "%README%" 2>&1
"%REG%" query "HKCU\Control Panel\Desktop" /v PreferredUILanguages >> "%README%" 2>&1
rem WMIC writes UTF-16 when redirected; piping it through more turns it into OEM text.
rem WMIC is gone from newer builds (Windows Server 2025): then ask DISM.
if exist "%WMIC%" (
    "%WMIC%" os get MUILanguages,OSLanguage,Locale 2>nul | "%MORE%" >> "%README%"
) else (
    >>"%README%" echo ^(WMIC not available: dism /online /get-intl^)
    "%DISM%" /English /Online /Get-Intl >> "%README%" 2>&1
)
>>"%README%" echo ---- IIS
if exist "%APPCMD%" (
    "%REG%" query "HKLM\SOFTWARE\Microsoft\InetStp" /v VersionString >> "%README%" 2>&1
) else (
    >>"%README%" echo IIS not installed
)
>>"%README%" echo ---- files
>>"%README%" echo Every *.txt file is the tool's standard output redirected by cmd.exe: OEM code page
>>"%README%" echo bytes as shown by chcp above, CRLF line ends, no BOM. stderr-*.txt, if any, hold
>>"%README%" echo what a tool printed on standard error.
>>"%README%" echo Describe here what the capture shows (which bindings, anything unusual) and which
>>"%README%" echo values you replaced when anonymising.

echo.
echo Done: %OUT%
echo.
echo BEFORE SHARING: the files contain certificate hashes, host names, IP addresses,
echo certificate subjects and this computer's name. Replace them by invented values
echo consistently in every file (hashes stay 40 hex digits, use .example domains), and keep
echo everything else - spacing, blank lines, line ends, code page - exactly as it is.
endlocal
exit /b 0
