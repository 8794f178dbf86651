package io.asyncservice.sandbox.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each successfully answered request id to a file, one per line, so a test can count how often the app
 * processed each message across all replicas. Lines are appended with O_APPEND in one write, so replicas writing
 * the same file do not interleave within a line.
 */
interface RequestRecorder {

    void record(String requestId);

    static RequestRecorder none() {
        return requestId -> { };
    }

    static RequestRecorder toFile(Path file) {
        return requestId -> {
            try {
                Files.write(file, (requestId + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new UncheckedIOException("could not record to " + file, e);
            }
        };
    }
}
