package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.tls.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code cairn backup save} against a member that demands client certificates: verified backups with their SHA-256
 * (checked by the real {@code sha256sum -c}), retention, a dead endpoint skipped, nothing left under a final name
 * when no member answers, and the newest backup restoring to the member's data.
 */
class BackupProcessIT {
    private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");

    private Path workDir;
    private TestCertificates pki;
    private ServerProcess member;
    private Path backups;

    @BeforeEach
    void startMember() throws IOException {
        workDir = ServerPair.newWorkDir("backup-it-");
        pki = TestCertificates.create(Files.createDirectories(workDir.resolve("pki")), "backup-test-ca");
        member = ServerProcess.start("cairn", ServerPair.cairnLauncher(), workDir, "https",
                List.of("--cert-file", pki.serverCert.toString(), "--key-file", pki.serverKey.toString(),
                        "--trusted-ca-file", pki.caCert.toString(), "--client-cert-auth"));
        member.awaitReady(etcdctl());
        backups = workDir.resolve("backups");
    }

    @AfterEach
    void stopMember() {
        if (member != null) {
            member.close();
        }
    }

    @Test
    void backupsAreVerifiedHashedAndPrunedToTheNewestN() throws Exception {
        String deadEndpoint = "https://127.0.0.1:" + FreePorts.pick(1).get(0);
        List<String> summaries = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            assertThat(etcdctl().run(List.of("put", "key-" + round, "value-" + round), "").exitCode()).isZero();
            CommandOutput saved = backup(deadEndpoint + "," + member.endpoint(), "--keep-last=2",
                    "--result-file=" + workDir.resolve("result.json"));
            assertThat(saved.exitCode()).as(saved.render()).isZero();
            summaries.add(lastLine(saved.stdout()));
        }

        List<String> names = listing();
        assertThat(names).hasSize(4).allMatch(name -> name.matches("demo-\\d{8}T\\d{6}Z-rev\\d+\\.snap(\\.sha256)?"));
        String newest = names.stream().filter(name -> name.endsWith(".snap")).max(String::compareTo).orElseThrow();
        long newestRevision = revision(summaries.get(2));
        assertThat(newest).endsWith("-rev" + newestRevision + ".snap");
        assertThat(summaries.get(2)).contains("\"endpoint\":\"" + member.endpoint() + "\"")
                .contains("\"pruned\":[\"" + fileOf(summaries.get(0)) + "\"]");
        assertThat(Files.readString(workDir.resolve("result.json")).strip()).isEqualTo(summaries.get(2));

        CommandOutput checked = HostCommand.run(List.of("sh", "-c", "cd " + backups + " && sha256sum -c *.sha256"));
        assertThat(checked.exitCode()).as(checked.render()).isZero();
        assertThat(checked.stdout()).contains(newest + ": OK");

        CommandOutput verified = cairn("backup", "verify", "--dir=" + backups, "--prefix=demo");
        assertThat(verified.exitCode()).as(verified.render()).isZero();
        assertThat(lastLine(verified.stdout())).startsWith("{\"file\":\"" + newest + "\",\"revision\":"
                + newestRevision + ",");

        Path restored = workDir.resolve("restored").resolve("data");
        List<String> restore = List.of("backup", "restore", "--dir=" + backups, "--prefix=demo", "--file=latest",
                "--name=n1", "--data-dir=" + restored, "--initial-cluster=n1=http://127.0.0.1:2390",
                "--initial-cluster-token=restored", "--initial-advertise-peer-urls=http://127.0.0.1:2390");
        CommandOutput first = cairn(restore.toArray(String[]::new));
        assertThat(first.exitCode()).as(first.render()).isZero();
        assertThat(lastLine(first.stdout())).startsWith("Restored snapshot " + backups.resolve(newest)
                + " (revision " + newestRevision + ") into " + restored);
        CommandOutput again = cairn(restore.toArray(String[]::new));
        assertThat(again.exitCode()).as(again.render()).isZero();
        assertThat(lastLine(again.stdout())).isEqualTo("data dir " + restored + " holds data already; nothing restored");
        Path joining = workDir.resolve("joining").resolve("data");
        CommandOutput join = cairn("backup", "restore", "--dir=" + backups, "--prefix=demo", "--name=n4",
                "--data-dir=" + joining, "--initial-cluster=n4=http://127.0.0.1:2391",
                "--initial-cluster-token=restored", "--initial-advertise-peer-urls=http://127.0.0.1:2391",
                "--initial-cluster-state=existing");
        assertThat(join.exitCode()).as(join.render()).isZero();
        assertThat(lastLine(join.stdout())).isEqualTo("joining an existing cluster; nothing restored");
        assertThat(joining).doesNotExist();
    }

    @Test
    void aCorruptedOrTruncatedBackupIsRefusedByVerifyAndRestore() throws Exception {
        CommandOutput saved = backup(member.endpoint());
        assertThat(saved.exitCode()).as(saved.render()).isZero();
        Path file = backups.resolve(fileOf(lastLine(saved.stdout())));
        byte[] content = Files.readAllBytes(file);
        content[content.length / 2] ^= 0x5a;
        Files.write(file, content);

        CommandOutput corrupted = cairn("backup", "verify", "--dir=" + backups, "--prefix=demo");
        assertThat(corrupted.exitCode()).isEqualTo(1);
        assertThat(lastLine(corrupted.stdout())).startsWith("Error: backup " + file + " fails its hash: sha256 ");

        Files.write(file, Arrays.copyOf(content, content.length - 100));
        Path dataDir = workDir.resolve("never").resolve("data");
        CommandOutput truncated = cairn("backup", "restore", "--dir=" + backups, "--prefix=demo", "--name=n1",
                "--data-dir=" + dataDir, "--initial-cluster=n1=http://127.0.0.1:2390",
                "--initial-cluster-token=t", "--initial-advertise-peer-urls=http://127.0.0.1:2390");
        assertThat(truncated.exitCode()).isEqualTo(1);
        assertThat(lastLine(truncated.stdout())).startsWith("Error: backup " + file + " fails its hash");
        assertThat(dataDir).doesNotExist();

        CommandOutput missing = cairn("backup", "verify", "--dir=" + workDir.resolve("empty"), "--prefix=demo");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(lastLine(missing.stdout())).contains("no backup of demo in " + workDir.resolve("empty"));
    }

    @Test
    void whenNoMemberAnswersNothingIsWrittenAndTheErrorSaysWhy() throws Exception {
        String deadEndpoint = "https://127.0.0.1:" + FreePorts.pick(1).get(0);

        CommandOutput failed = backup(deadEndpoint);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stdout()).contains("Error: no endpoint gave a snapshot: " + deadEndpoint + ": ");
        assertThat(listing()).isEmpty();
    }

    @Test
    void aClientWithoutTheClusterCertificateIsRefused() throws Exception {
        CommandOutput failed = cairn("backup", "save", "--endpoints=" + member.endpoint(), "--dir=" + backups,
                "--prefix=demo", "--cacert=" + pki.caCert);

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stdout()).contains("Error: no endpoint gave a snapshot: " + member.endpoint() + ": ");
        assertThat(listing()).isEmpty();
    }

    private CommandOutput backup(String endpoints, String... extra) {
        List<String> args = new ArrayList<>(List.of("backup", "save", "--endpoints=" + endpoints,
                "--dir=" + backups, "--prefix=demo", "--cacert=" + pki.caCert, "--cert=" + pki.clientCert,
                "--key=" + pki.clientKey));
        args.addAll(List.of(extra));
        return cairn(args.toArray(String[]::new));
    }

    private CommandOutput cairn(String... args) {
        List<String> command = new ArrayList<>(ServerPair.cairnLauncher());
        command.addAll(List.of(args));
        return HostCommand.run(command);
    }

    private Etcdctl etcdctl() {
        return new Etcdctl(member.endpoint(), workDir, List.of("--cacert", pki.caCert.toString(), "--cert",
                pki.clientCert.toString(), "--key", pki.clientKey.toString()));
    }

    /** Every file in the backup directory, hidden ones included. */
    private List<String> listing() throws IOException {
        if (!Files.isDirectory(backups)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(backups)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** The JVM may print warnings before the command's own output (stdout and stderr are merged here). */
    private static String lastLine(String output) {
        List<String> lines = output.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    private static long revision(String summary) {
        Matcher matcher = REVISION.matcher(summary);
        assertThat(matcher.find()).as(summary).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static String fileOf(String summary) {
        Matcher matcher = Pattern.compile("\"file\":\"([^\"]+)\"").matcher(summary);
        assertThat(matcher.find()).as(summary).isTrue();
        return matcher.group(1);
    }
}
