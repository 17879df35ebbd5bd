package dev.cairn.operator.plan;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Names and peer URLs of the members, derived from the StatefulSet ordinal: member {@code k} is the pod
 * {@code <statefulSet>-k}, reachable through the headless peer Service as
 * {@code <scheme>://<statefulSet>-k.<peerDomain>:<peerPort>}. Members are matched to ordinals by peer URL,
 * because a member that was added but has not started yet has no name in etcd's member list.
 */
public record MemberNaming(String statefulSet, String peerDomain, String scheme, int peerPort) {

    public MemberNaming {
        requireText(statefulSet, "statefulSet");
        requireText(peerDomain, "peerDomain");
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("scheme must be http or https, got: " + scheme);
        }
        if (peerPort < 1 || peerPort > 65535) {
            throw new IllegalArgumentException("peerPort must be in 1..65535, got: " + peerPort);
        }
    }

    public String name(int ordinal) {
        requireOrdinal(ordinal);
        return statefulSet + "-" + ordinal;
    }

    public String peerUrl(int ordinal) {
        return scheme + "://" + name(ordinal) + "." + peerDomain + ":" + peerPort;
    }

    /** The ordinal whose peer URL this is, or empty for a URL that does not belong to this StatefulSet. */
    public OptionalInt ordinalOfPeerUrl(String url) {
        Objects.requireNonNull(url, "url");
        String prefix = scheme + "://" + statefulSet + "-";
        String suffix = "." + peerDomain + ":" + peerPort;
        if (!url.startsWith(prefix) || !url.endsWith(suffix) || url.length() <= prefix.length() + suffix.length()) {
            return OptionalInt.empty();
        }
        String digits = url.substring(prefix.length(), url.length() - suffix.length());
        if (!digits.chars().allMatch(Character::isDigit) || (digits.length() > 1 && digits.charAt(0) == '0')
                || digits.length() > 9) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }

    private static void requireOrdinal(int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("ordinal must not be negative, got: " + ordinal);
        }
    }

    static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
