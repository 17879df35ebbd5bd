package dev.cairn.node.raft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * The current configuration (voters and learners), a leader's progress for every member, and the votes received
 * in the current election. Only voters count for commit, election and read quorums.
 */
final class ProgressTracker {
    private ConfState conf;
    private final Map<Long, Progress> progress = new TreeMap<>(Long::compareUnsigned);
    private final Map<Long, Boolean> votes = new HashMap<>();

    ProgressTracker(ConfState conf) {
        if (conf.voters().contains(0L) || conf.learners().contains(0L)) {
            throw new IllegalArgumentException("member id 0 is not allowed: " + conf);
        }
        this.conf = conf;
    }

    ConfState conf() {
        return conf;
    }

    void setConf(ConfState newConf) {
        conf = newConf;
        progress.keySet().retainAll(members());
    }

    boolean isVoter(long id) {
        return conf.voters().contains(id);
    }

    boolean isLearner(long id) {
        return conf.learners().contains(id);
    }

    /** Voters and learners, in a fixed order so that runs are reproducible. */
    Set<Long> members() {
        Set<Long> members = new TreeSet<>(Long::compareUnsigned);
        members.addAll(conf.voters());
        members.addAll(conf.learners());
        return members;
    }

    /** Fresh progress for every member: nothing known to match, probing from {@code next}. */
    void resetProgress(long next, LongFunction<Progress> factory) {
        progress.clear();
        for (long member : members()) {
            progress.put(member, factory.apply(next));
        }
    }

    /** Only a leader tracks progress. */
    void clearProgress() {
        progress.clear();
    }

    /** Progress for members that have none yet (just added to the configuration); returns their ids. */
    List<Long> addMissingProgress(long next, LongFunction<Progress> factory) {
        List<Long> added = new ArrayList<>();
        for (long member : members()) {
            if (!progress.containsKey(member)) {
                progress.put(member, factory.apply(next));
                added.add(member);
            }
        }
        return added;
    }

    Progress progress(long id) {
        return progress.get(id);
    }

    Map<Long, Progress> allProgress() {
        return progress;
    }

    Map<Long, PeerProgress> view() {
        Map<Long, PeerProgress> view = new LinkedHashMap<>();
        progress.forEach((id, pr) -> view.put(id, pr.view()));
        return Collections.unmodifiableMap(view);
    }

    /** The largest index a majority of voters holds; 0 without voters. */
    long quorumMatchIndex() {
        long[] matches = conf.voters().stream().mapToLong(v -> {
            Progress pr = progress.get(v);
            return pr == null ? 0 : pr.match();
        }).toArray();
        return MajorityQuorum.committedIndex(matches);
    }

    /** True when a quorum of voters was active since the last check; clears the marks of everyone but self. */
    boolean checkQuorumActive(long self) {
        Set<Long> active = new HashSet<>();
        progress.forEach((id, pr) -> {
            if (id == self || pr.recentActive()) {
                active.add(id);
            }
            if (id != self) {
                pr.setRecentActive(false);
            }
        });
        return isQuorum(active);
    }

    void resetVotes() {
        votes.clear();
    }

    void recordVote(long id, boolean granted) {
        votes.putIfAbsent(id, granted);
    }

    VoteResult voteResult() {
        return MajorityQuorum.voteResult(conf.voters(), votes);
    }

    boolean isQuorum(Collection<Long> acknowledged) {
        return MajorityQuorum.isReachedBy(conf.voters(), acknowledged);
    }
}
