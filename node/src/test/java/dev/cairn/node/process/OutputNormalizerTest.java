package dev.cairn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OutputNormalizerTest {
    private final OutputNormalizer normalizer = new OutputNormalizer(23791, 23801, Path.of("/tmp/x/data"));

    @Test
    void aliasesIdsAndMasksRaftTermInJsonHeadersButKeepsRevisionsAndKeyVersions() {
        String json = "{\"header\":{\"cluster_id\":15118495548433857066,\"member_id\":13668033151171901709,"
                + "\"revision\":3,\"raft_term\":2},\"kvs\":[{\"key\":\"YQ==\",\"create_revision\":2,"
                + "\"mod_revision\":3,\"version\":2,\"value\":\"Mg==\"}],\"count\":1}\n";

        assertThat(normalizer.normalize(json)).isEqualTo(
                "{\"header\":{\"cluster_id\":\"<id1>\",\"member_id\":\"<id2>\",\"revision\":3,\"raft_term\":\"<*>\"},"
                        + "\"kvs\":[{\"key\":\"YQ==\",\"create_revision\":2,\"mod_revision\":3,\"version\":2,"
                        + "\"value\":\"Mg==\"}],\"count\":1}\n");
    }

    @Test
    void aliasesServerChosenLeaseIdsInGrantAndListOutput() {
        String text = "lease 694d8a3f1c2b7e05 granted with TTL(30s)\nfound 2 leases\n694d8a3f1c2b7e05\n"
                + "00000000000004d2\nlease 4d2 already expired\n";

        assertThat(normalizer.normalize(text)).isEqualTo(
                "lease <id1> granted with TTL(30s)\nfound 2 leases\n<id1>\n<id2>\nlease <id2> already expired\n");
    }

    @Test
    void masksServerVersionSizesAndRaftPositionsInEndpointStatusJson() {
        String json = "[{\"Endpoint\":\"http://127.0.0.1:23791\",\"Status\":{\"version\":\"3.4.23\","
                + "\"dbSize\":20480,\"leader\":13668033151171901709,\"raftIndex\":6,\"raftTerm\":2,\"raftAppliedIndex\":6,"
                + "\"dbSizeInUse\":16384}}]";

        assertThat(normalizer.normalize(json)).isEqualTo(
                "[{\"Endpoint\":\"http://127.0.0.1:<client-port>\",\"Status\":{\"version\":\"<*>\","
                        + "\"dbSize\":\"<*>\",\"leader\":\"<id1>\",\"raftIndex\":\"<*>\",\"raftTerm\":\"<*>\","
                        + "\"raftAppliedIndex\":\"<*>\",\"dbSizeInUse\":\"<*>\"}}]");
    }

    @Test
    void collapsesTablePaddingAndMasksEndpointStatusCells() {
        String table = """
                +------------------------+------------------+---------+
                | http://127.0.0.1:23791 | bdae9bbc11dd390d |  3.4.23 |   20 kB |      true |      false |         2 |          6 |                  6 |        |
                """;

        assertThat(normalizer.normalize(table)).isEqualTo("""
                +-+
                | http://127.0.0.1:<client-port> | <id1> | <*> | <*> | true | false | <*> | <*> | <*> |  |
                """);
    }

    @Test
    void masksTheHashOfEndpointHashkvInEveryFormatButKeepsTheCompactRevision() {
        assertThat(normalizer.normalize("http://127.0.0.1:23791, 1084519789\n"))
                .isEqualTo("http://127.0.0.1:<client-port>, <*>\n");
        assertThat(normalizer.normalize("| http://127.0.0.1:23791 | 1084519789 |"))
                .isEqualTo("| http://127.0.0.1:<client-port> | <*> |");
        assertThat(normalizer.normalize("{\"HashKV\":{\"hash\":1084519789,\"compact_revision\":12}}"))
                .isEqualTo("{\"HashKV\":{\"hash\":\"<*>\",\"compact_revision\":12}}");
    }

    @Test
    void aliasesMemberIdInMemberListRowsOnly() {
        String simple = "bdae9bbc11dd390d, started, n1, http://127.0.0.1:23801, http://127.0.0.1:23791, false";

        assertThat(normalizer.normalize(simple))
                .isEqualTo("<id1>, started, n1, http://127.0.0.1:<peer-port>, http://127.0.0.1:<client-port>, false");
        assertThat(normalizer.normalize("abc, def")).isEqualTo("abc, def");
    }

    @Test
    void masksClientUuidTimestampAndTimingsButKeepsErrorText() {
        String stderr = "{\"level\":\"warn\",\"ts\":\"2026-11-24T05:01:18.365Z\",\"target\":\"endpoint://client-"
                + "8fb9a0ca-dc42-4763-8efe-ce4cf906855f/127.0.0.1:23791\",\"error\":\"rpc error: code = OutOfRange\"}\n"
                + "Error: etcdserver: mvcc: required revision is a future revision\n"
                + "http://127.0.0.1:23791 is healthy: successfully committed proposal: took = 3.6ms\n";

        assertThat(normalizer.normalize(stderr)).isEqualTo(
                "{\"level\":\"warn\",\"ts\":\"<*>\",\"target\":\"endpoint://client-<*>/127.0.0.1:<client-port>\","
                        + "\"error\":\"rpc error: code = OutOfRange\"}\n"
                        + "Error: etcdserver: mvcc: required revision is a future revision\n"
                        + "http://127.0.0.1:<client-port> is healthy: successfully committed proposal: took = <*>\n");
    }

    @Test
    void masksFieldsOutputExceptKeyVersionAndRevision() {
        String fields = "\"ClusterID\" : 151\n\"Revision\" : 3\n\"Version\" : 2\n\"Version\" : \"3.4.23\"\n"
                + "\"RaftTerm\" : 2\n";

        assertThat(normalizer.normalize(fields)).isEqualTo(
                "\"ClusterID\" : <id1>\n\"Revision\" : 3\n\"Version\" : 2\n\"Version\" : <*>\n\"RaftTerm\" : <*>\n");
    }

    @Test
    void givesTheSameAliasToAnIdInDecimalAndHexAcrossCallsAndKeepsZero() {
        String header = "{\"cluster_id\":7,\"member_id\":13668033151171901709,\"leader\":0}";
        String row = "bdae9bbc11dd390d, started, n1, http://127.0.0.1:23801, http://127.0.0.1:23791, false";

        assertThat(normalizer.normalize(header))
                .isEqualTo("{\"cluster_id\":\"<id1>\",\"member_id\":\"<id2>\",\"leader\":\"0\"}");
        assertThat(normalizer.normalize(row)).startsWith("<id2>, started");
        assertThat(normalizer.normalize("\"MemberID\" : 13668033151171901709")).isEqualTo("\"MemberID\" : <id2>");
    }

    @Test
    void replacesDataDirAndLeavesOtherPortsAlone() {
        assertThat(normalizer.normalize("/tmp/x/data/member 127.0.0.1:237910 127.0.0.1:2379"))
                .isEqualTo("<data-dir>/member 127.0.0.1:237910 127.0.0.1:2379");
    }
}
