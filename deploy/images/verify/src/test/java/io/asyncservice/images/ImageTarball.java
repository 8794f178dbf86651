package io.asyncservice.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An image tarball as {@code jib:buildTar} writes it (docker-save layout: manifest.json, config.json, one .tar.gz per
 * layer), unpacked into a root filesystem the way a container runtime lays the layers.
 */
final class ImageTarball {

    /** The verify module runs in deploy/images/verify. */
    static final Path IMAGES = Path.of("").toAbsolutePath().getParent();

    final Path tarball;
    final Path rootfs;
    final JsonNode config;
    final List<Path> layers = new ArrayList<>();

    private ImageTarball(Path tarball, Path rootfs, JsonNode config) {
        this.tarball = tarball;
        this.rootfs = rootfs;
        this.config = config;
    }

    /** The tarball of an image module, e.g. "operator"; null when it was not built. */
    static Path tarballOf(String module) {
        Path tar = IMAGES.resolve(module).resolve("target/jib-image.tar");
        return Files.isRegularFile(tar) ? tar : null;
    }

    /** Unpacks {@code tarball} into {@code work}: the layers' files into work/rootfs, in the manifest's order. */
    static ImageTarball unpack(Path tarball, Path work) {
        try {
            Path raw = Files.createDirectories(work.resolve("raw"));
            Path rootfs = Files.createDirectories(work.resolve("rootfs"));
            run(List.of("tar", "-xf", tarball.toString(), "-C", raw.toString()));
            ObjectMapper json = new ObjectMapper();
            JsonNode manifest = json.readTree(raw.resolve("manifest.json").toFile()).get(0);
            ImageTarball image = new ImageTarball(tarball, rootfs,
                    json.readTree(raw.resolve(manifest.get("Config").asText()).toFile()).get("config"));
            for (JsonNode layer : manifest.get("Layers")) {
                Path file = raw.resolve(layer.asText());
                image.layers.add(file);
                // As root, tar keeps the layer's owners (0:0) and modes, as a runtime would.
                run(List.of("tar", "-xzf", file.toString(), "-C", rootfs.toString()));
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> entrypoint() {
        List<String> out = new ArrayList<>();
        config.get("Entrypoint").forEach(n -> out.add(n.asText()));
        return out;
    }

    List<String> env() {
        List<String> out = new ArrayList<>();
        config.get("Env").forEach(n -> out.add(n.asText()));
        return out;
    }

    String user() {
        return config.get("User").asText();
    }

    /** The compressed size of the layers: what a registry stores and a node pulls. */
    long compressedBytes() {
        return layers.stream().mapToLong(ImageTarball::size).sum();
    }

    /** The unpacked size of the root filesystem: what the node keeps on disk. */
    long unpackedBytes() {
        try (Stream<Path> files = Files.walk(rootfs)) {
            return files.filter(Files::isRegularFile).mapToLong(ImageTarball::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
