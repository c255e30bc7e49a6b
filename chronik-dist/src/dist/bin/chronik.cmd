@echo off
rem Chronik launcher for Windows: the verbs of bin/chronik, where Windows allows.
rem
rem   chronik run      [--config FILE] [--set KEY=VALUE]...  run a node in the foreground (Ctrl-C stops it)
rem   chronik start    [--config FILE] [--set KEY=VALUE]...  run a node in the background, wait until it is up
rem   chronik stop                                           stop the background node, wait until it is down
rem   chronik status                                         show the background node's pid, ports and role; exit 3 if it is down
rem   chronik plugins  [--config FILE] [--set KEY=VALUE]...  list the plugin providers found, per SPI
rem   chronik config   [--config FILE] [--set KEY=VALUE]...  print the effective configuration
rem   chronik version
rem
rem Environment (these belong to the launcher, not to the node's configuration):
rem   CHRONIK_HOME       the installation directory (default: the directory above this script)
rem   CHRONIK_JAVA_OPTS  extra JVM options, e.g. -Xmx2g
rem   CHRONIK_LOG_DIR    where logs go (default: %CHRONIK_HOME%\logs)
rem   CHRONIK_PID_FILE   the background node's pid file (default: %CHRONIK_HOME%\chronik.pid); beside it,
rem                      <name>.data-dir holds the node's data directory, where it keeps node.status
rem   JAVA_HOME          the Java 17+ installation to use (default: java on the PATH)
rem Every other CHRONIK_<KEY> variable overrides a configuration key, see conf\chronik.properties.
rem
rem Where Windows differs from bin/chronik: start uses Windows PowerShell (part of every supported
rem Windows) to run the node hidden and learn its pid; the node's stdout goes to logs\chronik.out and
rem its stderr to logs\chronik.err. Windows has no SIGTERM, so stop asks the process to close
rem (taskkill) and forces it (taskkill /F) if it still runs after the wait. Arguments reach the node
rem as typed (%*), so --set key=value needs no quotes.
setlocal EnableExtensions DisableDelayedExpansion

rem How long start and stop wait for the node, in seconds.
set WAIT_SECONDS=60

if "%~1"=="" goto usage
if /i "%~1"=="help" goto usage
if /i "%~1"=="--help" goto usage
if /i "%~1"=="-h" goto usage

if not defined CHRONIK_HOME (
    for %%i in ("%~dp0..") do set "CHRONIK_HOME=%%~fi"
)
if not exist "%CHRONIK_HOME%\lib\" (
    set "MSG=CHRONIK_HOME=%CHRONIK_HOME% has no lib\ directory"
    goto die
)
if defined CHRONIK_LOG_DIR (set "LOG_DIR=%CHRONIK_LOG_DIR%") else (set "LOG_DIR=%CHRONIK_HOME%\logs")
if defined CHRONIK_PID_FILE (set "PID_FILE=%CHRONIK_PID_FILE%") else (set "PID_FILE=%CHRONIK_HOME%\chronik.pid")
for %%f in ("%PID_FILE%") do set "DATA_DIR_FILE=%%~dpnf.data-dir"

if defined JAVA_HOME (
    set "JAVA=%JAVA_HOME%\bin\java.exe"
) else (
    set "JAVA="
    for %%j in (java.exe) do set "JAVA=%%~$PATH:j"
)
if defined JAVA_HOME if not exist "%JAVA%" (
    set "MSG=JAVA_HOME=%JAVA_HOME% has no bin\java.exe"
    goto die
)
if not defined JAVA (
    set "MSG=no java on the PATH; install Java 17 or newer, or set JAVA_HOME"
    goto die
)

rem java.specification.version is "17", "21", ... (or "1.8" for Java 8).
set "SPEC="
for /f "tokens=2 delims==" %%v in ('call "%JAVA%" -XshowSettings:properties -version 2^>^&1 ^| findstr /c:"java.specification.version"') do set "SPEC=%%v"
if defined SPEC set "SPEC=%SPEC: =%"
set "MAJOR=0"
if defined SPEC if not "%SPEC:~0,2%"=="1." (
    echo %SPEC%| findstr /r "^[0-9][0-9]*$" >nul && set /a MAJOR=%SPEC%
)
if not defined SPEC set "SPEC=of unknown version"
if %MAJOR% LSS 17 (
    set "MSG=Java 17 or newer is required; %JAVA% is Java %SPEC%. Set JAVA_HOME to a Java 17+ installation."
    goto die
)

rem -Xmx512m first so that an -Xmx in CHRONIK_JAVA_OPTS wins (the JVM takes the last one). ALL-DEFAULT
rem resolves the JDK modules the console's class-path libraries use, as in bin/chronik.
set JAVA_ARGS=-Xmx512m -XX:G1PeriodicGCInterval=30000 %CHRONIK_JAVA_OPTS% "-Dchronik.home=%CHRONIK_HOME%" "-Dchronik.logs=%LOG_DIR%" "-Dlogback.configurationFile=%CHRONIK_HOME%\conf\logback.xml" --module-path "%CHRONIK_HOME%\lib" --add-modules ALL-DEFAULT,ALL-MODULE-PATH --class-path "%CHRONIK_HOME%\lib\console\*" --module io.chronik.core/io.chronik.core.Main

rem The arguments after the command, exactly as typed.
set "ALL_ARGS=%*"
call set "REST=%%ALL_ARGS:*%~1=%%"

if /i "%~1"=="start" goto start
if /i "%~1"=="stop" goto stop
if /i "%~1"=="status" goto status
rem run, plugins, config, version, and anything else (the node names an unknown command).
"%JAVA%" %JAVA_ARGS% %*
exit /b %errorlevel%

:usage
echo usage: chronik COMMAND [--config FILE] [--set KEY=VALUE]... 1>&2
echo   run      run a node in the foreground (stops on Ctrl-C) 1>&2
echo   start    run a node in the background and wait until it is up 1>&2
echo   stop     stop the background node and wait until it is down 1>&2
echo   status   show the background node's pid, ports, node id and role (exit 0), or that it is down (exit 3) 1>&2
echo   plugins  list the plugin providers found, per SPI 1>&2
echo   config   print the effective configuration 1>&2
echo   version  print the version 1>&2
exit /b 2

rem Prints "chronik: " and MSG to stderr and exits with 1. (Messages go through MSG and delayed
rem expansion, so a path with parentheses or other special characters cannot break a block.)
:die
setlocal EnableDelayedExpansion
echo(chronik: !MSG! 1>&2
exit /b 1

rem Sets PID to the pid in the pid file and succeeds if that process is still a Chronik node (a stale
rem file or a reused pid is not).
:running_pid
set "PID="
if not exist "%PID_FILE%" exit /b 1
set /p PID=<"%PID_FILE%"
if not defined PID exit /b 1
echo %PID%| findstr /r "^[0-9][0-9]*$" >nul || exit /b 1
powershell -NoProfile -NonInteractive -Command "$p = Get-CimInstance Win32_Process -Filter ('ProcessId=' + $env:PID); if ($p -and $p.CommandLine -like '*io.chronik.core.Main*') { exit 0 } else { exit 1 }" >nul 2>&1
exit /b %errorlevel%

rem Waits one second.
:sleep
ping -n 2 127.0.0.1 >nul
exit /b 0

:start
call :running_pid
if not errorlevel 1 (
    set "MSG=already running (pid %PID%, pid file %PID_FILE%)"
    goto die
)
if not exist "%LOG_DIR%\" mkdir "%LOG_DIR%"
for %%f in ("%PID_FILE%") do if not exist "%%~dpf" mkdir "%%~dpf"
set "LOG=%LOG_DIR%\chronik.log"
if not exist "%LOG%" type nul > "%LOG%"
rem Only lines after these belong to this start.
for /f %%n in ('type "%LOG%" ^| find /c /v ""') do set "LOG_LINES=%%n"
rem Passed to PowerShell through the environment, so no quoting survives two shells. The names do not
rem start with CHRONIK_, so the node does not take them for configuration keys.
set "_CHRONIK_JAVA=%JAVA%"
set _CHRONIK_ARGS=-Dchronik.console.log=OFF %JAVA_ARGS% run %REST%
set "_CHRONIK_OUT=%LOG_DIR%\chronik.out"
set "_CHRONIK_ERR=%LOG_DIR%\chronik.err"
set "PID="
for /f %%p in ('powershell -NoProfile -NonInteractive -Command "(Start-Process -FilePath $env:_CHRONIK_JAVA -ArgumentList $env:_CHRONIK_ARGS -RedirectStandardOutput $env:_CHRONIK_OUT -RedirectStandardError $env:_CHRONIK_ERR -WindowStyle Hidden -PassThru).Id"') do set "PID=%%p"
if not defined PID (
    set "MSG=could not start %JAVA% through PowerShell"
    goto die
)
> "%PID_FILE%" echo %PID%
for /l %%i in (1,1,%WAIT_SECONDS%) do (
    call :started && goto start_ok
    call :running_pid || goto start_failed
    call :sleep
)
set "MSG=the node (pid %PID%) did not report startup within %WAIT_SECONDS%s; see %LOG%"
goto die

:start_ok
echo chronik started (pid %PID%); log in %LOG%
exit /b 0

:start_failed
del /q "%PID_FILE%" 2>nul
findstr /b /c:"chronik: " "%_CHRONIK_ERR%" 1>&2
set "MSG=the node exited during startup; see %_CHRONIK_ERR% and %LOG%"
goto die

rem Succeeds once this start's part of the log has the startup line, and records the data directory
rem it names ("... started; data <dir>; replication ...") beside the pid file.
:started
set "STARTED="
for /f "tokens=1,* delims=:" %%a in ('findstr /n /c:" started; data " "%LOG%"') do (
    if %%a GTR %LOG_LINES% set "STARTED=%%b"
)
if not defined STARTED exit /b 1
set "DATA_DIR=%STARTED:* started; data =%"
set "DATA_DIR=%DATA_DIR:; replication =|%"
for /f "delims=|" %%d in ("%DATA_DIR%") do > "%DATA_DIR_FILE%" echo %%d
exit /b 0

:stop
call :running_pid || (
    del /q "%PID_FILE%" "%DATA_DIR_FILE%" 2>nul
    echo chronik is not running
    exit /b 0
)
set "STOPPING=%PID%"
taskkill /PID %PID% >nul 2>&1
for /l %%i in (1,1,%WAIT_SECONDS%) do (
    call :running_pid || goto stop_ok
    call :sleep
)
taskkill /F /PID %STOPPING% >nul 2>&1
del /q "%PID_FILE%" "%DATA_DIR_FILE%" 2>nul
set "MSG=the node (pid %STOPPING%) did not stop within %WAIT_SECONDS%s of taskkill; forced it with taskkill /F"
goto die

:stop_ok
del /q "%PID_FILE%" "%DATA_DIR_FILE%" 2>nul
echo chronik stopped (pid %STOPPING%)
exit /b 0

rem Prints the running node's pid and what its node.status file (see NodeStatus in chronik-core) says.
:status
call :running_pid || (
    echo chronik is not running
    exit /b 3
)
echo chronik is running (pid %PID%)
set "DATA_DIR="
if exist "%DATA_DIR_FILE%" set /p DATA_DIR=<"%DATA_DIR_FILE%"
set "STATUS_FILE=%DATA_DIR%\node.status"
set "S_pid="
if exist "%STATUS_FILE%" (
    for /f "usebackq eol=# tokens=1,* delims==" %%a in ("%STATUS_FILE%") do set "S_%%a=%%b"
)
if not "%S_pid%"=="%PID%" goto no_status
if "%S_metadata.leader%"=="none" set "S_metadata.leader=unknown"
echo   node %S_node.id% of cluster %S_cluster.id%: %S_role% in term %S_term%, metadata leader %S_metadata.leader%
echo   kafka %S_kafka%, replication %S_replication%, forwarding %S_forwarding%, console %S_console%
exit /b 0

:no_status
echo   no status from the node in %STATUS_FILE%
exit /b 0
