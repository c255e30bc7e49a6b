package io.chronik.dist.notice;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes the distribution's {@code NOTICE} at build time from the jars it bundles: run by the build
 * (exec-maven-plugin) with the distribution's runtime class path as its own, i.e. exactly the
 * artifacts the assembly copies into {@code lib/} and {@code lib/console/}.
 * <pre>
 * java -cp &lt;runtime class path&gt; io.chronik.dist.notice.NoticeGenerator NOTICE-FILE LOCAL-REPOSITORY SKIP
 * </pre>
 * {@code SKIP} is the class path entry of chronik-dist itself (not shipped). A jar whose POM chain names
 * no license fails the build, naming the jar: the NOTICE never leaves one out silently.
 */
public final class NoticeGenerator {

    /** Group ids of Chronik's own modules start with this. */
    static final String CHRONIK_GROUP = "io.chronik";

    private NoticeGenerator() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: NoticeGenerator NOTICE-FILE LOCAL-REPOSITORY SKIP");
        }
        Path skip = Path.of(args[2]).toAbsolutePath().normalize();
        List<Path> classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().normalize()).filter(entry -> !entry.equals(skip)).toList();
        String text = generate(classPath, new LicenseResolver(Path.of(args[1])));
        try {
            Path output = Path.of(args[0]);
            Files.createDirectories(output.toAbsolutePath().getParent());
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The NOTICE text for the jars in {@code classPath}.
     *
     * @throws NoticeException naming every entry that is not a jar or whose license is unknown
     */
    static String generate(List<Path> classPath, LicenseResolver resolver) {
        List<BundledJar> chronik = new ArrayList<>();
        List<BundledJar> thirdParty = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path entry : classPath) {
            if (!entry.getFileName().toString().endsWith(".jar")) {
                problems.add(entry + " is not a jar");
                continue;
            }
            Pom pom = resolver.pomOf(entry);
            if (pom.groupId().startsWith(CHRONIK_GROUP)) {
                chronik.add(new BundledJar(entry.getFileName().toString(), pom.coordinates(), List.of()));
                continue;
            }
            List<License> licenses = resolver.licenses(pom);
            if (licenses.isEmpty()) {
                problems.add(entry.getFileName() + " (" + pom.coordinates() + "): no license in its POM or a parent POM");
            }
            thirdParty.add(new BundledJar(entry.getFileName().toString(), pom.coordinates(), licenses));
        }
        if (!problems.isEmpty()) {
            throw new NoticeException("cannot write NOTICE:\n  " + String.join("\n  ", problems));
        }
        return NoticeText.render(chronik, thirdParty);
    }
}
