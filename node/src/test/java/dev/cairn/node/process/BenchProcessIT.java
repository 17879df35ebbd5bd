package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.node.cli.bench.BenchCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Short {@code cairn bench watch} and {@code lease-keepalive} runs against the built cairn and against real etcd
 * 3.4: every event arrives exactly once, every keep-alive is answered, and the leases are gone afterwards.
 */
class BenchProcessIT {
    private static Path workDir;
    private static ServerPair servers;

    @BeforeAll
    static void startServers() throws IOException {
        workDir = ServerPair.newWorkDir("bench-");
        servers = ServerPair.start(workDir);
        for (ServerProcess server : List.of(servers.reference, servers.candidate)) {
            server.awaitReady(new Etcdctl(server.endpoint(), workDir));
        }
    }

    @AfterAll
    static void stopServers() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void watchDeliversEveryPutToEveryWatcherOnBothServers() {
        for (ServerProcess server : List.of(servers.reference, servers.candidate)) {
            // 4 streams x 3 watchers over 2 prefixes: each put is owed to 6 watchers.
            Run run = bench(server, "--conns", "2", "--clients", "4", "watch", "--streams", "4",
                    "--watchers-per-stream", "3", "--prefixes", "2", "--total", "200", "--val-size", "64");
            assertThat(run.code).as(server.label() + ": " + run.err + run.out).isZero();
            assertThat(run.field("op")).isEqualTo("\"watch\"");
            assertThat(run.field("total")).isEqualTo("1200");
            assertThat(run.field("successes")).isEqualTo("1200");
            assertThat(run.field("errors")).isEqualTo("0");
            assertThat(run.field("events_lost")).isEqualTo("0");
            assertThat(run.field("puts_failed")).isEqualTo("0");
        }
    }

    @Test
    void leaseKeepAliveAnswersEveryRequestAndRevokesItsLeasesOnBothServers() {
        for (ServerProcess server : List.of(servers.reference, servers.candidate)) {
            Run run = bench(server, "--conns", "2", "--clients", "3", "lease-keepalive", "--leases", "10",
                    "--total", "300", "--in-flight", "2");
            assertThat(run.code).as(server.label() + ": " + run.err + run.out).isZero();
            assertThat(run.field("op")).isEqualTo("\"lease-keepalive\"");
            assertThat(run.field("successes")).isEqualTo("300");
            assertThat(run.field("errors")).isEqualTo("0");
            assertThat(run.field("leases_granted")).isEqualTo("10");
            CommandOutput leases = new Etcdctl(server.endpoint(), workDir).run(List.of("lease", "list"), "");
            assertThat(leases.exitCode()).as(leases.render()).isZero();
            assertThat(leases.stdout().strip()).as(server.label()).isEqualTo("found 0 leases");
        }
    }

    private static Run bench(ServerProcess server, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> command = new ArrayList<>(List.of("--endpoints", server.endpoint(), "--json"));
        command.addAll(List.of(args));
        int code = BenchCommand.run(command, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
        String field(String name) {
            Matcher m = Pattern.compile("\"" + name + "\":(\"[^\"]*\"|[^,}]+)").matcher(out);
            assertThat(m.find()).as("field %s in %s", name, out).isTrue();
            return m.group(1);
        }
    }
}
