package dev.cairn.node.snapshot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The snapshot format: a payload padded to 512 bytes plus its SHA-256, read back and unpacked file by file. */
class SnapshotArchiveTest {
    @TempDir
    Path tmp;

    private Path write(SnapshotPayload payload, Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = payload.open(); OutputStream out = Files.newOutputStream(file)) {
            byte[] bytes = in.readAllBytes();
            digest.update(bytes);
            out.write(bytes);
            out.write(digest.digest());
        }
        return file;
    }

    @Test
    void roundTripsTheHeaderAndEveryFile() throws Exception {
        Path checkpoint = Files.createDirectories(tmp.resolve("checkpoint"));
        Files.write(checkpoint.resolve("000001.sst"), new byte[1000]);
        Files.writeString(checkpoint.resolve("CURRENT"), "MANIFEST-000005\n");
        Files.write(checkpoint.resolve("empty"), new byte[0]);
        SnapshotPayload payload = SnapshotPayload.of(checkpoint, 42, 7, 0x1234L, -5L);
        assertThat(payload.size() % SnapshotPayload.ALIGNMENT).isZero();
        Path file = write(payload, tmp.resolve("snap.db"));
        assertThat(Files.size(file)).isEqualTo(payload.size() + 32);

        SnapshotArchive archive = SnapshotArchive.open(file, false);
        assertThat(archive.header()).isEqualTo(payload.header());
        assertThat(archive.header().revision()).isEqualTo(42);
        assertThat(archive.header().clusterId()).isEqualTo(-5L);
        Path out = Files.createDirectories(tmp.resolve("out"));
        archive.extractTo(out);
        assertThat(out.resolve("000001.sst")).hasSameBinaryContentAs(checkpoint.resolve("000001.sst"));
        assertThat(out.resolve("CURRENT")).hasContent("MANIFEST-000005");
        assertThat(out.resolve("empty")).isEmptyFile();
    }

    @Test
    void refusesAHeaderThatDisagreesWithTheFileSize() throws Exception {
        Path checkpoint = Files.createDirectories(tmp.resolve("checkpoint"));
        Files.write(checkpoint.resolve("data"), new byte[600]);
        Path file = write(SnapshotPayload.of(checkpoint, 1, 1, 1, 1), tmp.resolve("snap.db"));
        byte[] bytes = Files.readAllBytes(file);
        byte[] longer = new byte[bytes.length + 512];
        System.arraycopy(bytes, 0, longer, 0, bytes.length - 32);
        Files.write(file, longer);
        assertThatThrownBy(() -> SnapshotArchive.open(file, true))
                .isInstanceOf(SnapshotFormatException.class)
                .hasMessageContaining("is corrupted: its header describes 1024 bytes of payload but the file holds 1536");
    }

    @Test
    void refusesFileNamesThatWouldEscapeTheTargetDirectory() {
        assertThatThrownBy(() -> new SnapshotHeader.FileEntry("../etc", 1))
                .isInstanceOf(SnapshotFormatException.class).hasMessage("snapshot names an invalid file \"../etc\"");
    }
}
