package io.asyncservice.sandbox.pods;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a container's log file onward from where its last {@code tailLines} lines start (or from its start), piece
 * by piece as it grows. A file that does not exist yet reads as empty until it appears; a file that shrank is read
 * again from its start.
 */
final class LogCursor implements Closeable {

    private final Path file;
    private final long tailLines;
    private FileChannel channel;
    private long position;

    /** @param tailLines how many lines from the end to start at; -1 for the whole file */
    LogCursor(Path file, long tailLines) {
        this.file = file;
        this.tailLines = tailLines;
    }

    /** How many bytes are written and not yet read. */
    long available() throws IOException {
        if (channel == null) {
            try {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return 0;
            }
            position = tailStart(channel, channel.size(), tailLines);
        }
        long size = channel.size();
        if (size < position) {
            position = 0;
        }
        return size - position;
    }

    /** Copies the next {@code count} bytes, no more than {@link #available()}, to {@code out}. */
    void copy(long count, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 16 * 1024));
        long left = count;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new EOFException("the log file " + file + " shrank while being read");
            }
            out.write(buffer.array(), 0, read);
            position += read;
            left -= read;
        }
    }

    /**
     * Where the last {@code lines} lines of the first {@code end} bytes start. A newline at the very end ends the
     * last line rather than starting an empty one; a last line without a newline counts as a line.
     */
    private static long tailStart(FileChannel channel, long end, long lines) throws IOException {
        if (lines < 0) {
            return 0;
        }
        if (lines == 0) {
            return end;
        }
        ByteBuffer buffer = ByteBuffer.allocate(8 * 1024);
        long found = 0;
        long blockEnd = end;
        while (blockEnd > 0) {
            int length = (int) Math.min(buffer.capacity(), blockEnd);
            long blockStart = blockEnd - length;
            buffer.clear().limit(length);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, blockStart + buffer.position()) < 0) {
                    throw new EOFException("the log file shrank while its tail was sought");
                }
            }
            for (int i = length - 1; i >= 0; i--) {
                long at = blockStart + i;
                if (buffer.get(i) == '\n' && at != end - 1 && ++found == lines) {
                    return at + 1;
                }
            }
            blockEnd = blockStart;
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
