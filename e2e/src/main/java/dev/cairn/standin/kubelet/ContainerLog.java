package dev.cairn.standin.kubelet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * One run of a container's stdout and stderr, copied into {@code <name>.log} and rotated to {@code <name>.log.1}
 * once it reaches {@link #MAX_FILE_BYTES}, so a chatty container holds at most two files. The previous run's log
 * is kept as {@code <name>.previous.log} (what {@code kubectl logs --previous} shows).
 */
final class ContainerLog {

    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    private static final int TAIL_LINES = 80;
    private static final int TAIL_BYTES = 2048;

    private static final System.Logger LOG = System.getLogger(ContainerLog.class.getName());

    private final Path file;
    private final Path rotated;
    private final Thread pump;

    private ContainerLog(Path file, InputStream output, String threadName) {
        this.file = file;
        this.rotated = file.resolveSibling(file.getFileName() + ".1");
        this.pump = Thread.ofVirtual().name(threadName).start(() -> copy(output));
    }

    /** Starts copying {@code output} (the process' merged stdout and stderr) into the container's log. */
    static ContainerLog start(Path dir, String container, InputStream output) throws IOException {
        Files.createDirectories(dir);
        Path file = file(dir, container);
        if (Files.exists(file)) {
            Files.move(file, dir.resolve(container + ".previous.log"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.deleteIfExists(dir.resolve(container + ".log.1"));
        Files.createFile(file);
        return new ContainerLog(file, output, "log-" + container);
    }

    static Path file(Path dir, String container) {
        return dir.resolve(container + ".log");
    }

    Path file() {
        return file;
    }

    /** Waits until the output is drained (every writer closed it), at most {@code millis}. */
    void awaitDrained(long millis) throws InterruptedException {
        pump.join(millis);
    }

    /** The last 80 lines of this run, at most their last 2048 bytes (FallbackToLogsOnError). */
    String tail() throws IOException {
        byte[] bytes = lastBytes(file, TAIL_BYTES * 8L);
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        int end = text.endsWith("\n") ? lines.length - 1 : lines.length;
        int start = Math.max(0, end - TAIL_LINES);
        String last = String.join("\n", Arrays.copyOfRange(lines, start, end)) + (text.endsWith("\n") ? "\n" : "");
        byte[] lastBytes = last.getBytes(StandardCharsets.UTF_8);
        return lastBytes.length <= TAIL_BYTES ? last
                : new String(lastBytes, lastBytes.length - TAIL_BYTES, TAIL_BYTES, StandardCharsets.UTF_8);
    }

    static byte[] lastBytes(Path file, long max) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int count = (int) Math.min(length, max);
            byte[] bytes = new byte[count];
            in.seek(length - count);
            in.readFully(bytes);
            return bytes;
        }
    }

    /** Copies to the end of the stream; when the file cannot be written the output is still drained (never blocks). */
    private void copy(InputStream output) {
        byte[] buffer = new byte[8192];
        OutputStream out = null;
        long written = 0;
        try (InputStream in = output) {
            out = Files.newOutputStream(file);
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (out == null) {
                    continue;
                }
                try {
                    if (written + read > MAX_FILE_BYTES) {
                        out.close();
                        Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING);
                        out = Files.newOutputStream(file);
                        written = 0;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                    written += read;
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "container log " + file + " lost: " + e);
                    closeQuietly(out);
                    out = null;
                }
            }
        } catch (IOException e) {
            // The process' end of the pipe is gone: nothing more to copy.
        } finally {
            closeQuietly(out);
        }
    }

    private static void closeQuietly(OutputStream out) {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot close a container log: " + e);
        }
    }
}
