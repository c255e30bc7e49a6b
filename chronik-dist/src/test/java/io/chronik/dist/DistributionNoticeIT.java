package io.chronik.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** LICENSE and NOTICE in the distribution: every jar in lib/ and lib/console/ is listed with a license. */
class DistributionNoticeIT {

    private final Path home = Distribution.built().home();

    @Test
    void noticeListsEveryBundledJarAndEveryThirdPartyJarHasALicense() throws IOException {
        List<String> notice = Files.readAllLines(home.resolve("NOTICE"));
        List<Path> jars;
        try (Stream<Path> files = Stream.concat(Files.list(home.resolve("lib")), Files.list(home.resolve("lib/console")))) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).toList();
        }

        assertThat(jars).hasSizeGreaterThan(20);
        int thirdPartyHeading = notice.indexOf("Third-party libraries:");
        assertThat(thirdPartyHeading).isPositive();
        for (Path jar : jars) {
            String name = jar.getFileName().toString();
            int line = notice.indexOf("  " + name);
            if (line < 0) {
                line = indexOfPrefix(notice, "  " + name + " (");
            }
            assertThat(line).as("NOTICE lists " + name).isPositive();
            if (line > thirdPartyHeading) {
                assertThat(notice.get(line + 1)).as("license of " + name).startsWith("    ").hasSizeGreaterThan(6);
            } else {
                assertThat(name).as("a jar listed as a Chronik module").startsWith("chronik-");
            }
        }
        assertThat(notice).filteredOn(l -> l.startsWith("  ") && !l.startsWith("    ")).hasSameSizeAs(jars);
    }

    @Test
    void licenseIsApache2AndTheZipShipsTheSameFiles() throws IOException {
        String license = Files.readString(home.resolve("LICENSE"));
        assertThat(license).contains("Apache License", "Version 2.0, January 2004",
                "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION");

        Path zip = home.resolveSibling("chronik-" + Distribution.version() + ".zip");
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (String name : List.of("LICENSE", "NOTICE")) {
                var entry = file.getEntry("chronik-" + Distribution.version() + "/" + name);
                assertThat(entry).as(name + " in " + zip).isNotNull();
                try (InputStream in = file.getInputStream(entry)) {
                    assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                            .isEqualTo(Files.readString(home.resolve(name)));
                }
            }
        }
    }

    private static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
