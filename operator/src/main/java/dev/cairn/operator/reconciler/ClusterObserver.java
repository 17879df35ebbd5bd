package dev.cairn.operator.reconciler;

import dev.cairn.operator.api.EtcdCluster;
import dev.cairn.operator.api.EtcdClusterStatus;
import dev.cairn.operator.members.EtcdAdmin;
import dev.cairn.operator.members.EtcdAdminException;
import dev.cairn.operator.members.MemberInfo;
import dev.cairn.operator.members.MemberStatus;
import dev.cairn.operator.model.ClusterNames;
import dev.cairn.operator.model.MemberStatefulSet;
import dev.cairn.operator.model.MemberUrls;
import dev.cairn.operator.plan.DesiredCluster;
import dev.cairn.operator.plan.JoinConfig;
import dev.cairn.operator.plan.MemberHealth;
import dev.cairn.operator.plan.MemberNaming;
import dev.cairn.operator.plan.ObservedCluster;
import dev.cairn.operator.plan.ObservedMember;
import dev.cairn.operator.plan.RaftProgress;
import dev.cairn.operator.plan.Slot;
import dev.cairn.operator.plan.VolumeState;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads one cluster's state from Kubernetes (StatefulSet, member pods, data claims, bootstrap ConfigMap) and
 * from etcd (member list, then each member's Status at its own stable client URL), and joins them with what the
 * status remembers (when each member's health last changed, which claim held each member's data).
 * A member that does not answer its Status call, or answers without knowing a leader, is unhealthy.
 */
final class ClusterObserver {

    static final String DATA_CLAIM_PREFIX = "data-";

    Observation observe(KubernetesClient client, EtcdCluster cluster, DesiredCluster desired, EtcdAdmin admin,
                        Instant now) {
        ClusterNames names = ClusterNames.of(cluster);
        MemberNaming naming = desired.naming();
        EtcdClusterStatus previous = cluster.getStatus() == null ? new EtcdClusterStatus() : cluster.getStatus();

        StatefulSet statefulSet = client.apps().statefulSets().inNamespace(names.namespace())
                .withName(names.statefulSet()).get();
        int statefulSetReplicas = statefulSet == null || statefulSet.getSpec().getReplicas() == null
                ? 0 : statefulSet.getSpec().getReplicas();
        Map<Integer, Pod> pods = byOrdinal(client.pods().inNamespace(names.namespace())
                .withLabels(names.selectorLabels()).list().getItems().stream(), names.statefulSet() + "-");
        Map<Integer, PersistentVolumeClaim> claims = byOrdinal(client.persistentVolumeClaims()
                .inNamespace(names.namespace()).list().getItems().stream(),
                DATA_CLAIM_PREFIX + names.statefulSet() + "-");
        Map<Integer, JoinConfig> joinConfigs = JoinConfigMaps.read(client.configMaps()
                .inNamespace(names.namespace()).withName(names.bootstrapConfigMap()).get(), naming);

        Optional<List<MemberInfo>> listed = memberList(admin);
        List<Observation.Member> members = listed.map(list -> members(list, cluster, naming, admin, previous, now))
                .orElse(List.of());

        Map<String, String> claimRecords = new TreeMap<>();
        previous.getDataVolumeClaims().forEach(c -> claimRecords.put(c.getMember(), c.getClaimUid()));
        List<Slot> slots = new ArrayList<>();
        TreeSet<Integer> ordinals = new TreeSet<>(pods.keySet());
        ordinals.addAll(claims.keySet());
        ordinals.addAll(joinConfigs.keySet());
        for (int ordinal : ordinals) {
            Optional<Pod> pod = Optional.ofNullable(pods.get(ordinal));
            Optional<PersistentVolumeClaim> claim = Optional.ofNullable(claims.get(ordinal));
            VolumeState volume = VolumeStates.of(claim, pod, Optional.ofNullable(claimRecords.get(naming.name(ordinal))));
            slots.add(new Slot(ordinal, pod.isPresent(), pod.map(ClusterObserver::ready).orElse(false), volume,
                    pod.map(ClusterObserver::configHash), Optional.ofNullable(joinConfigs.get(ordinal))));
        }
        recordHealthyClaims(claimRecords, members, claims, naming);
        forgetClaimsPastTheCluster(claimRecords, claims, naming, Math.max(statefulSetReplicas, desired.replicas()));

        List<ObservedMember> observedMembers = members.stream().map(Observation.Member::member).toList();
        ObservedCluster observed = listed.isPresent() && !members.isEmpty()
                ? new ObservedCluster(true, observedMembers, formedBefore(previous), statefulSetReplicas, slots,
                        quorumSince(previous, observedMembers, now))
                : ObservedCluster.unreachable(formedBefore(previous), statefulSetReplicas, slots);
        List<MemberStatus> answers = members.stream().flatMap(m -> m.status().stream()).toList();
        Optional<String> version = members.stream().filter(m -> m.member().leader())
                .flatMap(m -> m.status().stream()).map(MemberStatus::version).findFirst()
                .or(() -> answers.stream().map(MemberStatus::version).findFirst());
        return new Observation(observed, members, answers.stream().map(MemberStatus::clusterId).findFirst(),
                version, claimRecords);
    }

    private static boolean formedBefore(EtcdClusterStatus previous) {
        return previous.getClusterId() != null && !previous.getClusterId().isBlank();
    }

    private static Optional<List<MemberInfo>> memberList(EtcdAdmin admin) {
        try {
            return Optional.of(admin.memberList());
        } catch (EtcdAdminException e) {
            return Optional.empty();
        }
    }

    private static List<Observation.Member> members(List<MemberInfo> list, EtcdCluster cluster, MemberNaming naming,
                                                    EtcdAdmin admin, EtcdClusterStatus previous, Instant now) {
        MemberUrls urls = MemberUrls.of(cluster);
        Map<Long, Optional<MemberStatus>> answers = new TreeMap<>();
        Map<Long, String> namesById = new TreeMap<>();
        for (MemberInfo info : list) {
            OptionalInt ordinal = info.peerUrls().isEmpty()
                    ? OptionalInt.empty() : naming.ordinalOfPeerUrl(info.peerUrls().getFirst());
            String name = ordinal.isPresent() ? naming.name(ordinal.getAsInt())
                    : info.name().isEmpty() ? info.hexId() : info.name();
            namesById.put(info.id(), name);
            Optional<String> clientUrl = ordinal.isPresent() ? Optional.of(urls.client(name))
                    : info.clientUrls().stream().findFirst();
            answers.put(info.id(), clientUrl.flatMap(url -> status(admin, url)));
        }
        // Two members may both claim leadership across a term change; the later term is the real leader.
        Optional<Long> leader = answers.values().stream().flatMap(Optional::stream).filter(MemberStatus::isLeader)
                .max(Comparator.comparingLong(MemberStatus::raftTerm)).map(MemberStatus::memberId);
        List<Observation.Member> members = new ArrayList<>();
        for (MemberInfo info : list) {
            Optional<MemberStatus> status = answers.get(info.id());
            boolean healthy = status.map(s -> s.leaderId() != 0).orElse(false);
            MemberHealth health = new MemberHealth(healthy, healthSince(previous, info.hexId(), healthy, now));
            ObservedMember member = new ObservedMember(info.id(), info.name(), info.peerUrls(), info.learner(),
                    !info.learner() && leader.equals(Optional.of(info.id())), health,
                    status.map(s -> new RaftProgress(s.raftIndex(), s.raftAppliedIndex())));
            members.add(new Observation.Member(namesById.get(info.id()), member, status));
        }
        return members;
    }

    private static Optional<MemberStatus> status(EtcdAdmin admin, String clientUrl) {
        try {
            return Optional.of(admin.status(clientUrl));
        } catch (EtcdAdminException e) {
            return Optional.empty();
        }
    }

    /** The recorded time while a healthy majority holds; now when it has just formed; empty without one. */
    private static Optional<Instant> quorumSince(EtcdClusterStatus previous, List<ObservedMember> members,
                                                 Instant now) {
        if (!ObservedCluster.hasHealthyMajority(members)) {
            return Optional.empty();
        }
        return Optional.of(previous.getQuorumSince() == null ? now : Instant.parse(previous.getQuorumSince()));
    }

    /** The recorded transition time while the health is unchanged; now for a change or a member not seen before. */
    private static Instant healthSince(EtcdClusterStatus previous, String hexId, boolean healthy, Instant now) {
        return previous.getMembers().stream()
                .filter(m -> hexId.equals(m.getId()) && Boolean.valueOf(healthy).equals(m.getHealthy())
                        && m.getLastTransitionTime() != null)
                .map(m -> Instant.parse(m.getLastTransitionTime())).findFirst().orElse(now);
    }

    /** A healthy member of an ordinal runs on that ordinal's claim, which therefore holds this cluster's data. */
    private static void recordHealthyClaims(Map<String, String> records, List<Observation.Member> members,
                                            Map<Integer, PersistentVolumeClaim> claims, MemberNaming naming) {
        for (Observation.Member member : members) {
            OptionalInt ordinal = naming.ordinalOfPeerUrl(member.member().peerUrls().getFirst());
            if (ordinal.isEmpty() || !member.member().health().healthy()) {
                continue;
            }
            PersistentVolumeClaim claim = claims.get(ordinal.getAsInt());
            if (claim != null && claim.getMetadata().getDeletionTimestamp() == null) {
                records.put(naming.name(ordinal.getAsInt()), claim.getMetadata().getUid());
            }
        }
    }

    /** Records of ordinals the cluster no longer reaches, once their claim is gone (scale-down finished). */
    private static void forgetClaimsPastTheCluster(Map<String, String> records,
                                                   Map<Integer, PersistentVolumeClaim> claims, MemberNaming naming,
                                                   int ordinalsInUse) {
        records.keySet().removeIf(name -> {
            OptionalInt ordinal = ordinalOfName(name, naming.statefulSet() + "-");
            return ordinal.isEmpty() || (ordinal.getAsInt() >= ordinalsInUse && !claims.containsKey(ordinal.getAsInt()));
        });
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** A pod from before config hashes gets an empty one, which never matches, so it is rolled. */
    private static String configHash(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String hash = annotations == null ? null : annotations.get(MemberStatefulSet.CONFIG_HASH_ANNOTATION);
        return hash == null ? "" : hash;
    }

    private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> Map<Integer, T> byOrdinal(
            Stream<T> objects, String prefix) {
        Map<Integer, T> byOrdinal = new TreeMap<>();
        objects.forEach(object -> ordinalOfName(object.getMetadata().getName(), prefix)
                .ifPresent(ordinal -> byOrdinal.put(ordinal, object)));
        return byOrdinal;
    }

    /** {@code <prefix><ordinal>} with a canonical decimal ordinal; anything else is not ours. */
    static OptionalInt ordinalOfName(String name, String prefix) {
        if (!name.startsWith(prefix) || name.length() == prefix.length() || name.length() > prefix.length() + 9) {
            return OptionalInt.empty();
        }
        String digits = name.substring(prefix.length());
        if (!digits.chars().allMatch(Character::isDigit) || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(digits));
    }
}
