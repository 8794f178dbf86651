package io.asyncservice.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipFile;

/** What both images must be, and small helpers their ITs share. */
final class ImageChecks {

    static final Path MEASUREMENTS = Path.of("target", "image-measurements.txt").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ImageChecks() {
    }

    /** Non-root, Jib's java entrypoint with the classpath file, and every classpath entry present in the image. */
    static void assertRunsAsNonRootJava(ImageTarball image, String mainClass) throws IOException {
        assertThat(image.user()).isEqualTo("65532:65532");
        List<String> entrypoint = image.entrypoint();
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).containsSubsequence("-cp", "@/app/jib-classpath-file", mainClass);
        assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo(mainClass);
        assertThat(image.env()).anyMatch(e -> e.startsWith("PATH=") && e.contains("/opt/java/openjdk/bin"));
        assertThat(image.rootfs.resolve("opt/java/openjdk/bin/java")).isExecutable();
        for (String entry : classpath(image)) {
            assertThat(image.rootfs.resolve(entry.substring(1))).as("classpath entry %s", entry).exists();
        }
    }

    static List<String> classpath(ImageTarball image) throws IOException {
        return List.of(Files.readString(image.rootfs.resolve("app/jib-classpath-file")).trim().split(":"));
    }

    /** Whether the main class is in the image's classpath (the module may not have it yet). */
    static boolean hasClass(ImageTarball image, String className) throws IOException {
        String entryName = className.replace('.', '/') + ".class";
        for (String entry : classpath(image)) {
            Path path = image.rootfs.resolve(entry.substring(1));
            if (Files.isDirectory(path) && Files.exists(path.resolve(entryName))) {
                return true;
            }
            if (Files.isRegularFile(path) && entry.endsWith(".jar")) {
                try (ZipFile jar = new ZipFile(path.toFile())) {
                    if (jar.getEntry(entryName) != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Polls {@code url} until it answers 200; returns how long that took, or fails with the container's output. */
    static Duration awaitOk(String url, Container container, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!container.isAlive()) {
                throw new AssertionError("the container exited before " + url + " answered:\n" + container.output());
            }
            if (status(url) == 200) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            Thread.sleep(50);
        }
        throw new AssertionError(url + " did not answer 200 within " + timeout + ":\n" + container.output());
    }

    static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1024.0 / 1024.0);
    }

    /** Appends a line to target/image-measurements.txt and prints it. */
    static void record(String line) {
        System.out.println("[image] " + line);
        try {
            Files.createDirectories(MEASUREMENTS.getParent());
            Files.writeString(MEASUREMENTS, line + System.lineSeparator(), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
