package dev.cairn.node.process;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of {@code etcdctl endpoint status -w json} (one endpoint) that cluster tests need. Ids are uint64 in
 * the JSON; they are kept as the hex strings {@code member list} prints. A member that knows no leader omits the
 * field (proto3 JSON leaves out zeros): its leader id is then "0".
 */
record MemberStatus(String memberId, String leaderId) {
    static final String NO_LEADER = "0";
    private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\":(\\d+)");
    private static final Pattern LEADER = Pattern.compile("\"leader\":(\\d+)");

    static MemberStatus parse(String json) {
        String leader = LEADER.matcher(json).find() ? hexId(json, LEADER) : NO_LEADER;
        return new MemberStatus(hexId(json, MEMBER_ID), leader);
    }

    boolean isLeader() {
        return !leaderId.equals(NO_LEADER) && memberId.equals(leaderId);
    }

    static String hexId(String json, Pattern field) {
        return Long.toHexString(Long.parseUnsignedLong(find(json, field)));
    }

    static long number(String json, Pattern field) {
        return Long.parseLong(find(json, field));
    }

    private static String find(String json, Pattern field) {
        Matcher matcher = field.matcher(json);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no " + field + " in " + json);
        }
        return matcher.group(1);
    }
}
