package dev.cairn.node.process;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code etcdctl member list} (simple format):
 * {@code <hex id>, <started|unstarted>, <name>, <peer urls>, <client urls>, <is learner>}.
 */
record MemberInfo(String id, boolean started, String name, String peerUrls, String clientUrls, boolean learner) {

    static List<MemberInfo> parseList(String stdout) {
        List<MemberInfo> members = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(", ", -1);
            if (fields.length != 6) {
                throw new IllegalArgumentException("not a member list line: '" + line + "'");
            }
            members.add(new MemberInfo(fields[0].trim(), parseStatus(fields[1].trim(), line), fields[2].trim(),
                    fields[3].trim(), fields[4].trim(), Boolean.parseBoolean(fields[5].trim())));
        }
        return members;
    }

    private static boolean parseStatus(String status, String line) {
        return switch (status) {
            case "started" -> true;
            case "unstarted" -> false;
            default -> throw new IllegalArgumentException("unknown member status in '" + line + "'");
        };
    }
}
