package io.chronik.dist.notice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the POM of a jar on a Maven class path and the licenses that apply to it. A jar from the local
 * repository has its POM beside it ({@code <group path>/<artifact>/<version>/<artifact>-<version>.pom},
 * whatever the jar's classifier); a reactor module's jar ({@code <module>/target/<name>.jar}) has
 * {@code <module>/pom.xml}. A POM without {@code <licenses>} inherits them from the nearest parent that
 * declares some, looked up in the local repository (as Maven's own model inheritance does).
 */
final class LicenseResolver {

    private final Path repository;

    /** @param repository the local Maven repository, where every parent POM of a resolved artifact lies */
    LicenseResolver(Path repository) {
        this.repository = repository;
    }

    /**
     * The POM that describes {@code jar}.
     *
     * @throws NoticeException if there is none where Maven puts it
     */
    Pom pomOf(Path jar) {
        Path dir = jar.getParent();
        Path beside = dir.resolve(dir.getParent().getFileName() + "-" + dir.getFileName() + ".pom");
        if (Files.isRegularFile(beside)) {
            return Pom.read(beside);
        }
        if (dir.getFileName().toString().equals("target") && Files.isRegularFile(dir.resolveSibling("pom.xml"))) {
            return Pom.read(dir.resolveSibling("pom.xml"));
        }
        throw new NoticeException("found no POM for " + jar + " (looked for " + beside + " and a reactor module's"
                + " pom.xml)");
    }

    /**
     * The licenses {@code pom} declares, or else its nearest declaring parent's; empty if none does.
     *
     * @throws NoticeException if a parent POM is missing from the repository or unreadable
     */
    List<License> licenses(Pom pom) {
        Set<Pom.Coordinates> seen = new HashSet<>();
        Pom current = pom;
        while (current.licenses().isEmpty() && seen.add(current.coordinates())) {
            Optional<Pom.Coordinates> parent = current.parent();
            if (parent.isEmpty()) {
                return List.of();
            }
            Path file = parent.get().pomIn(repository);
            if (!Files.isRegularFile(file)) {
                throw new NoticeException("parent POM " + parent.get() + " of " + pom.coordinates()
                        + " is not in the local repository at " + file);
            }
            current = Pom.read(file);
        }
        return current.licenses();
    }
}
