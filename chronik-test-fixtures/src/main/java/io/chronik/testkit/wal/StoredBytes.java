package io.chronik.testkit.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds and damages bytes in the files under a WAL's directory without knowing their layout: the
 * compatibility kit writes distinctive payloads, looks for them here, and cuts or flips bytes at the
 * positions found. This works for any WAL that stores a record's bytes contiguously and verbatim.
 */
final class StoredBytes {

    /** Where a byte sequence was found. */
    record Location(Path file, long position) {
    }

    private StoredBytes() {
    }

    /** Every regular file under {@code directory}, at any depth, sorted by path. */
    static List<Path> files(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** Every occurrence of {@code needle} in the files under {@code directory}. */
    static List<Location> find(Path directory, byte[] needle) {
        List<Location> found = new ArrayList<>();
        for (Path file : files(directory)) {
            byte[] content = read(file);
            for (int i = indexOf(content, needle, 0); i >= 0; i = indexOf(content, needle, i + 1)) {
                found.add(new Location(file, i));
            }
        }
        return found;
    }

    /** Inverts every bit of the byte at {@code location}. */
    static void flipByte(Location location) {
        try (FileChannel channel = FileChannel.open(location.file(), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, location.position());
            one.put(0, (byte) ~one.get(0));
            one.rewind();
            channel.write(one, location.position());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flip a byte in " + location.file(), e);
        }
    }

    /** Cuts {@code file} to {@code size} bytes, as a crash in the middle of a write would. */
    static void cut(Path file, long size) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cut " + file, e);
        }
    }

    /** Appends {@code bytes} at the end of {@code file}. */
    static void append(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
