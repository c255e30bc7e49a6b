package io.chronik.spi.loader;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds a real jar at test time: compiles Java sources with the system javac against the host's
 * modules ({@code io.chronik.spi}, {@code io.chronik.api}, Micrometer: the test JVM's own module
 * path) and packs the classes, plus any extra entries, with {@link JarOutputStream}.
 *
 * <p>If the sources include a {@code module-info.java} the jar is a modular jar; otherwise its classes
 * are compiled in the unnamed module, and the jar becomes an automatic module when a plugin layer
 * loads it (providers then need a {@code META-INF/services} entry, added with {@link #entry}).
 */
final class TestJar {

    private final Path scratch;
    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final List<Path> modulePath = new ArrayList<>(hostModulePath());

    private TestJar(Path scratch) {
        this.scratch = scratch;
    }

    /** A jar whose sources and classes are staged in a fresh directory under {@code scratchRoot}. */
    static TestJar in(Path scratchRoot) throws IOException {
        Files.createDirectories(scratchRoot);
        return new TestJar(Files.createTempDirectory(scratchRoot, "jar"));
    }

    /** The test JVM's module path: where {@code io.chronik.spi} and its dependencies were loaded from. */
    static List<Path> hostModulePath() {
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath == null) {
            throw new IllegalStateException("tests must run with io.chronik.spi on the module path");
        }
        return Arrays.stream(modulePath.split(File.pathSeparator)).map(Path::of).collect(Collectors.toList());
    }

    /** Adds a source file, e.g. {@code com/example/Hello.java} or {@code module-info.java}. */
    TestJar source(String path, String text) {
        sources.put(path, text);
        return this;
    }

    /** Adds a jar entry as is, e.g. a {@code META-INF/services} file or a copied class. */
    TestJar entry(String name, byte[] content) {
        entries.put(name, content);
        return this;
    }

    TestJar entry(String name, String content) {
        return entry(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Compiles against {@code jar} too (a dependency the sources use). */
    TestJar compileAgainst(Path jar) {
        modulePath.add(jar);
        return this;
    }

    /** Compiles the sources and writes the jar to {@code jarFile}, creating its directory. */
    Path writeTo(Path jarFile) throws IOException {
        Path classes = compile();
        Files.createDirectories(jarFile.getParent());
        try (OutputStream out = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(out)) {
            for (Path file : filesUnder(classes)) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        }
        return jarFile;
    }

    private Path compile() throws IOException {
        Path sourceRoot = scratch.resolve("src");
        Path classes = Files.createDirectories(scratch.resolve("classes"));
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceRoot.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file);
        }
        if (files.isEmpty()) {
            return classes;
        }
        String modulePathText = modulePath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        List<String> options = new ArrayList<>(List.of("-proc:none", "-d", classes.toString(),
                "--module-path", modulePathText));
        if (!sources.containsKey("module-info.java")) {
            options.addAll(List.of("--add-modules", "ALL-MODULE-PATH"));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            boolean compiled = javac.getTask(diagnostics, fileManager, null, options, null,
                    fileManager.getJavaFileObjectsFromPaths(files)).call();
            if (!compiled) {
                throw new IllegalStateException("test sources do not compile:\n" + diagnostics);
            }
        }
        return classes;
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }
}
