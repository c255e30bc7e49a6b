package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/chronik.cmd} as shipped. cmd.exe cannot run here, so this checks what can be checked
 * without it: the file keeps pace with {@code bin/chronik} (every verb, every launcher variable) and
 * has the CRLF line ends cmd.exe needs to find labels reliably.
 */
class WindowsLauncherIT {

    private final Distribution dist = Distribution.built();

    @Test
    void offersEveryVerbAndLauncherVariableOfTheBashLauncher() throws IOException {
        String bash = Files.readString(dist.home().resolve("bin/chronik"));
        String cmd = Files.readString(dist.home().resolve("bin/chronik.cmd"));

        List<String> verbs = matches(Pattern.compile("(?m)^  (\\w+) {2,}\\S"),
                bash.substring(bash.indexOf("usage: chronik COMMAND"), bash.indexOf("\nUSAGE")));
        assertThat(verbs).containsExactly("run", "start", "stop", "status", "plugins", "config", "version");
        for (String verb : verbs) {
            assertThat(cmd).as("usage line for " + verb).containsPattern("(?m)^echo   " + verb + " +\\S");
        }
        List<String> ownVerbs = matches(Pattern.compile("(?m)^    (\\w+)\\) "), bash.substring(bash.lastIndexOf("case ")));
        assertThat(ownVerbs).containsExactly("start", "stop", "status");
        for (String verb : ownVerbs) {
            assertThat(cmd).as("dispatch of " + verb).contains("if /i \"%~1\"==\"" + verb + "\" goto " + verb + "\r\n")
                    .contains("\r\n:" + verb + "\r\n");
        }
        assertThat(cmd).as("the other verbs go to the node").contains("\"%JAVA%\" %JAVA_ARGS% %*\r\n");

        TreeSet<String> variables = new TreeSet<>(matches(Pattern.compile("\\b(CHRONIK_[A-Z_]+[A-Z])\\b"), bash));
        assertThat(variables).containsExactly("CHRONIK_HOME", "CHRONIK_JAVA_OPTS", "CHRONIK_LOG_DIR", "CHRONIK_PID_FILE");
        variables.forEach(variable -> assertThat(cmd).contains("%" + variable + "%"));
        assertThat(cmd).contains("JAVA_HOME", "Java 17 or newer is required", "java.specification.version");
    }

    @Test
    void usesCrlfLineEndsThroughout() throws IOException {
        byte[] cmd = Files.readAllBytes(dist.home().resolve("bin/chronik.cmd"));

        assertThat(new String(cmd, StandardCharsets.US_ASCII)).startsWith("@echo off\r\n").endsWith("\r\n");
        for (int i = 0; i < cmd.length; i++) {
            if (cmd[i] == '\n') {
                assertThat(cmd[i - 1]).as("byte before the line feed at offset " + i).isEqualTo((byte) '\r');
            }
        }
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
