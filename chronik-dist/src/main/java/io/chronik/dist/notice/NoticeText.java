package io.chronik.dist.notice;

import java.util.Comparator;
import java.util.List;

/**
 * The text of the distribution's {@code NOTICE}: who made Chronik and under which license, then every
 * jar it bundles, Chronik's own modules first, then each third-party library with its Maven
 * coordinates and one line per license:
 * <pre>
 * Third-party libraries:
 *   HdrHistogram-2.2.2.jar (org.hdrhistogram:HdrHistogram:2.2.2)
 *     Public Domain, per Creative Commons CC0 &lt;http://creativecommons.org/publicdomain/zero/1.0/&gt;
 * </pre>
 * Jars are sorted by file name (case-insensitive), so the file changes only when the bundle does.
 */
final class NoticeText {

    /** What a Chronik module is licensed under: LICENSE at the distribution's root. */
    static final String CHRONIK_LICENSE = "Apache License, Version 2.0";

    private static final Comparator<BundledJar> BY_FILE_NAME =
            Comparator.comparing(BundledJar::fileName, String.CASE_INSENSITIVE_ORDER);

    private NoticeText() {
    }

    /**
     * @param chronik    Chronik's own module jars
     * @param thirdParty every other bundled jar, each with at least one license
     */
    static String render(List<BundledJar> chronik, List<BundledJar> thirdParty) {
        StringBuilder text = new StringBuilder()
                .append("Chronik for the JVM\n")
                .append("Copyright 2026 the Chronik authors\n\n")
                .append("Chronik is licensed under the ").append(CHRONIK_LICENSE).append("; its text is in LICENSE.\n\n")
                .append("This distribution bundles the jars below in lib/ and lib/console/. Each third-party library\n")
                .append("is under the license or licenses its Maven POM names, listed with it. This file is generated\n")
                .append("when the distribution is built, from the POMs of the jars it bundles.\n\n")
                .append("Chronik modules (").append(CHRONIK_LICENSE).append("):\n");
        chronik.stream().sorted(BY_FILE_NAME).forEach(jar -> text.append("  ").append(jar.fileName()).append('\n'));
        text.append("\nThird-party libraries:\n");
        thirdParty.stream().sorted(BY_FILE_NAME).forEach(jar -> {
            text.append("  ").append(jar.fileName()).append(" (").append(jar.coordinates()).append(")\n");
            jar.licenses().forEach(license -> text.append("    ").append(license).append('\n'));
        });
        return text.toString();
    }
}
