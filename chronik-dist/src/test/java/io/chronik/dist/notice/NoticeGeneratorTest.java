package io.chronik.dist.notice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoticeGeneratorTest {

    private static final String LICENSES = "<licenses><license><name>\n  The MIT\n  License </name>"
            + "<url>https://opensource.org/license/mit</url></license><license><name>CC0</name></license></licenses>";

    @TempDir
    Path repository;

    private LicenseResolver resolver() {
        return new LicenseResolver(repository);
    }

    /** Puts group:artifact:version into the repository: its POM, and a jar (with the classifier, if any). */
    private Path install(String group, String artifact, String version, String classifier, String pomBody)
            throws IOException {
        Path dir = Files.createDirectories(repository.resolve(group.replace('.', '/')).resolve(artifact).resolve(version));
        Files.writeString(dir.resolve(artifact + "-" + version + ".pom"),
                "<?xml version=\"1.0\"?>\n<project xmlns=\"http://maven.apache.org/POM/4.0.0\">"
                        + "<modelVersion>4.0.0</modelVersion>" + pomBody + "</project>");
        Path jar = dir.resolve(artifact + "-" + version + classifier + ".jar");
        Files.write(jar, new byte[0]);
        return jar;
    }

    @Test
    void readsTheLicensesAJarsOwnPomDeclares() throws IOException {
        Path jar = install("org.example", "lib", "1.0", "",
                "<groupId>org.example</groupId><artifactId>lib</artifactId><version>1.0</version>" + LICENSES);

        Pom pom = resolver().pomOf(jar);

        assertThat(pom.coordinates()).hasToString("org.example:lib:1.0");
        assertThat(resolver().licenses(pom)).containsExactly(
                new License("The MIT License", Optional.of("https://opensource.org/license/mit")),
                new License("CC0", Optional.empty()));
    }

    @Test
    void inheritsGroupVersionAndLicensesFromTheNearestParentThatDeclaresThem() throws IOException {
        install("org.example", "grandparent", "7", "",
                "<groupId>org.example</groupId><artifactId>grandparent</artifactId><version>7</version>" + LICENSES);
        install("org.example", "parent", "3", "", "<parent><groupId>org.example</groupId>"
                + "<artifactId>grandparent</artifactId><version>7</version></parent><artifactId>parent</artifactId>"
                + "<version>3</version>");
        Path jar = install("org.example", "child", "3", "-linux-x86_64", "<parent><groupId>org.example</groupId>"
                + "<artifactId>parent</artifactId><version>3</version></parent><artifactId>child</artifactId>");

        Pom pom = resolver().pomOf(jar);

        assertThat(pom.coordinates()).hasToString("org.example:child:3");
        assertThat(resolver().licenses(pom)).extracting(License::name).containsExactly("The MIT License", "CC0");
    }

    @Test
    void aMissingParentPomIsAnError() throws IOException {
        Path jar = install("org.example", "orphan", "1", "", "<parent><groupId>org.gone</groupId>"
                + "<artifactId>gone</artifactId><version>1</version></parent><artifactId>orphan</artifactId>");

        assertThatThrownBy(() -> resolver().licenses(resolver().pomOf(jar))).isInstanceOf(NoticeException.class)
                .hasMessageContaining("parent POM org.gone:gone:1 of org.gone:orphan:1 is not in the local repository");
    }

    @Test
    void listsChronikModulesApartAndThirdPartyJarsWithTheirLicensesSortedByName() throws IOException {
        Path module = Files.createDirectories(repository.resolve("build/chronik-core/target"));
        Files.writeString(module.resolveSibling("pom.xml"), "<project><parent><groupId>io.chronik</groupId>"
                + "<artifactId>chronik-parent</artifactId><version>0.1</version></parent>"
                + "<artifactId>chronik-core</artifactId></project>");
        Path core = Files.write(module.resolve("chronik-core-0.1.jar"), new byte[0]);
        Path zeta = install("org.example", "Zeta", "2", "",
                "<groupId>org.example</groupId><artifactId>Zeta</artifactId><version>2</version>" + LICENSES);
        Path alpha = install("org.other", "alpha", "1", "", "<groupId>org.other</groupId><artifactId>alpha</artifactId>"
                + "<version>1</version><licenses><license><name>Apache-2.0</name></license></licenses>");

        String notice = NoticeGenerator.generate(List.of(zeta, core, alpha), resolver());

        assertThat(notice).startsWith("Chronik for the JVM\n").contains("""
                Chronik modules (Apache License, Version 2.0):
                  chronik-core-0.1.jar

                Third-party libraries:
                  alpha-1.jar (org.other:alpha:1)
                    Apache-2.0
                  Zeta-2.jar (org.example:Zeta:2)
                    The MIT License <https://opensource.org/license/mit>
                    CC0
                """);
    }

    @Test
    void aJarWithoutAnyLicenseFailsNamingIt() throws IOException {
        Path unlicensed = install("org.example", "secret", "1", "",
                "<groupId>org.example</groupId><artifactId>secret</artifactId><version>1</version>");
        Path classes = Files.createDirectories(repository.resolve("classes"));

        assertThatThrownBy(() -> NoticeGenerator.generate(List.of(unlicensed, classes), resolver()))
                .isInstanceOf(NoticeException.class)
                .hasMessageContaining("secret-1.jar (org.example:secret:1): no license in its POM or a parent POM")
                .hasMessageContaining(classes + " is not a jar");
    }
}
