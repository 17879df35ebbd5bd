package dev.cairn.node.process;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Masks the parts of etcdctl output that legitimately differ between two servers answering the same requests:
 * member, cluster and lease ids (aliased consistently, see {@link IdAliases}), server version, timings, Raft term/index
 * values, db sizes, KV hashes (etcd's covers its bbolt layout, never equal to ours), ports and data dir paths.
 * Everything else (revisions, counts, keys, values, flags, error text, exit codes) is left untouched so it is
 * compared exactly. Table padding is collapsed because column widths follow
 * the masked cell contents. One instance per server, kept for the whole run, so id aliases stay stable.
 */
final class OutputNormalizer {
    static final String MASK = "<*>";

    /** JSON fields holding a member or cluster id. */
    private static final Pattern ID_FIELD = Pattern.compile("\"(cluster_id|member_id|ID|leader)\":(\\d+)");
    /** JSON fields whose numbers are Raft positions or sizes. A number named {@code version} is a key's version. */
    private static final Pattern MASKED_NUMBER_FIELD = Pattern.compile(
            "\"(raft_term|raftTerm|raftIndex|raftAppliedIndex|dbSize|dbSizeInUse|hash)\":\\d+");
    /** JSON fields whose strings are a server version, a duration or a timestamp. */
    private static final Pattern MASKED_STRING_FIELD = Pattern.compile("\"(version|took|ts)\":\"[^\"]*\"");
    /** The same fields in {@code -w fields} output ({@code "Name" : value}). */
    private static final Pattern ID_FIELDS_LINE = Pattern.compile(
            "^\"(ClusterID|MemberID|Leader|ID)\" : (\\d+)$", Pattern.MULTILINE);
    private static final Pattern MASKED_FIELDS_LINE = Pattern.compile(
            "^\"(RaftTerm|DBSize|RaftIndex|RaftAppliedIndex)\" : \\d+$|^\"(Version)\" : \"[^\"]*\"$",
            Pattern.MULTILINE);
    /** etcdctl names each gRPC client with a random UUID in its retry warnings. */
    private static final Pattern CLIENT_UUID = Pattern.compile("client-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    private static final Pattern HEALTH_TIMING = Pattern.compile("took = \\S+");
    private static final Pattern TABLE_BORDER = Pattern.compile("^\\+[-+]+\\+$");
    private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{1,16}");
    /** Lease ids are chosen by the server: {@code lease <hex> granted ...}, and one {@code %016x} per lease list line. */
    private static final Pattern LEASE_ID_LINE = Pattern.compile("^lease ([0-9a-f]{1,16}) ");
    private static final Pattern LEASE_LIST_LINE = Pattern.compile("^[0-9a-f]{16}$");
    private static final Set<String> MEMBER_STATES = Set.of("started", "unstarted");
    /** Cells of an endpoint status row: id, then version, db size, raft term, raft index, applied index. */
    private static final int ENDPOINT_STATUS_CELLS = 10;
    private static final int ENDPOINT_STATUS_ID_CELL = 1;
    private static final List<Integer> ENDPOINT_STATUS_MASKED_CELLS = List.of(2, 3, 6, 7, 8);
    private static final int MEMBER_LIST_CELLS = 6;
    private static final int MEMBER_LIST_ID_CELL = 0;
    private static final int ENDPOINT_HEALTH_CELLS = 4;
    private static final int ENDPOINT_HEALTH_TOOK_CELL = 2;
    /** Cells of an endpoint hashkv row: endpoint, hash. */
    private static final int ENDPOINT_HASH_CELLS = 2;
    private static final Pattern DECIMAL = Pattern.compile("\\d+");

    private final Pattern clientPort;
    private final Pattern peerPort;
    private final String dataDir;
    private final IdAliases ids = new IdAliases();

    OutputNormalizer(int clientPort, int peerPort, Path dataDir) {
        this.clientPort = Pattern.compile("127\\.0\\.0\\.1:" + clientPort + "\\b");
        this.peerPort = Pattern.compile("127\\.0\\.0\\.1:" + peerPort + "\\b");
        this.dataDir = dataDir.toString();
    }

    CommandOutput normalize(CommandOutput output) {
        return output.map(this::normalize);
    }

    String normalize(String text) {
        String result = text.replace(dataDir, "<data-dir>");
        result = clientPort.matcher(result).replaceAll("127.0.0.1:<client-port>");
        result = peerPort.matcher(result).replaceAll("127.0.0.1:<peer-port>");
        result = ID_FIELD.matcher(result).replaceAll(m -> Matcher.quoteReplacement(
                "\"" + m.group(1) + "\":\"" + ids.ofDecimal(m.group(2)) + "\""));
        result = MASKED_NUMBER_FIELD.matcher(result).replaceAll(m -> Matcher.quoteReplacement(
                "\"" + m.group(1) + "\":\"" + MASK + "\""));
        result = MASKED_STRING_FIELD.matcher(result).replaceAll(m -> Matcher.quoteReplacement(
                "\"" + m.group(1) + "\":\"" + MASK + "\""));
        result = ID_FIELDS_LINE.matcher(result).replaceAll(m -> Matcher.quoteReplacement(
                "\"" + m.group(1) + "\" : " + ids.ofDecimal(m.group(2))));
        result = MASKED_FIELDS_LINE.matcher(result).replaceAll(m -> Matcher.quoteReplacement(
                "\"" + (m.group(1) != null ? m.group(1) : m.group(2)) + "\" : " + MASK));
        result = CLIENT_UUID.matcher(result).replaceAll("client-" + MASK);
        result = HEALTH_TIMING.matcher(result).replaceAll("took = " + MASK);
        String lines = result.lines().map(this::normalizeLine).collect(Collectors.joining("\n"));
        return result.endsWith("\n") ? lines + "\n" : lines;
    }

    private String normalizeLine(String line) {
        Matcher leaseId = LEASE_ID_LINE.matcher(line);
        if (leaseId.find()) {
            return "lease " + ids.ofHex(leaseId.group(1)) + line.substring(leaseId.end() - 1);
        }
        if (LEASE_LIST_LINE.matcher(line).matches()) {
            return ids.ofHex(line);
        }
        if (TABLE_BORDER.matcher(line).matches()) {
            return "+-+";
        }
        if (line.length() > 1 && line.startsWith("|") && line.endsWith("|")) {
            List<String> cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|", -1))
                    .map(String::strip)
                    .toList();
            return "| " + String.join(" | ", maskRow(cells)) + " |";
        }
        List<String> cells = Arrays.asList(line.split(", ", -1));
        if (cells.size() > 1) {
            return String.join(", ", maskRow(cells));
        }
        return line;
    }

    /**
     * Masks the server-specific cells of an endpoint status, endpoint health, endpoint hashkv or member list row;
     * other rows pass unchanged.
     */
    private List<String> maskRow(List<String> cells) {
        String[] masked = cells.toArray(String[]::new);
        if (cells.size() == ENDPOINT_STATUS_CELLS && cells.get(0).startsWith("http://")) {
            masked[ENDPOINT_STATUS_ID_CELL] = hexIdAlias(cells.get(ENDPOINT_STATUS_ID_CELL));
            ENDPOINT_STATUS_MASKED_CELLS.forEach(i -> masked[i] = MASK);
        } else if (cells.size() == ENDPOINT_HEALTH_CELLS && cells.get(0).startsWith("http://")) {
            masked[ENDPOINT_HEALTH_TOOK_CELL] = MASK;
        } else if (cells.size() == ENDPOINT_HASH_CELLS && cells.get(0).startsWith("http://")
                && DECIMAL.matcher(cells.get(1)).matches()) {
            masked[1] = MASK;
        } else if (cells.size() == MEMBER_LIST_CELLS && MEMBER_STATES.contains(cells.get(1))) {
            masked[MEMBER_LIST_ID_CELL] = hexIdAlias(cells.get(MEMBER_LIST_ID_CELL));
        }
        return List.of(masked);
    }

    /** A cell that is not a hex id is left as is, so a malformed id shows in the comparison. */
    private String hexIdAlias(String cell) {
        return HEX_ID.matcher(cell).matches() ? ids.ofHex(cell) : cell;
    }
}
