package dev.cairn.node.process;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code etcdctl member add} prints: the new member's id (padded to 16 columns with spaces) and the
 * {@code ETCD_*} settings to start it with, lines such as {@code ETCD_INITIAL_CLUSTER="n1=http://...,n4=http://..."}.
 */
record MemberAddOutput(String memberId, Map<String, String> environment) {
    private static final Pattern ADDED = Pattern.compile("Member +([0-9a-f]+) added to cluster +([0-9a-f]+)");
    private static final Pattern SETTING = Pattern.compile("^(ETCD_[A-Z_]+)=\"(.*)\"$", Pattern.MULTILINE);

    static MemberAddOutput parse(String stdout) {
        Matcher added = ADDED.matcher(stdout);
        if (!added.find()) {
            throw new IllegalArgumentException("no 'Member <id> added to cluster <id>' in:\n" + stdout);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        Matcher setting = SETTING.matcher(stdout);
        while (setting.find()) {
            environment.put(setting.group(1), setting.group(2));
        }
        return new MemberAddOutput(added.group(1), Map.copyOf(environment));
    }
}
