package dev.cairn.node.server;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.cairn.node.apply.ApplyBatch;
import dev.cairn.node.proto.etcdserverpb.AlarmMember;
import dev.cairn.node.proto.etcdserverpb.AlarmRequest;
import dev.cairn.node.proto.etcdserverpb.AlarmResponse;
import dev.cairn.node.proto.etcdserverpb.AlarmType;
import dev.cairn.node.storage.mvcc.MvccStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cluster's active alarms, as etcd's alarm store: changed only by applied Alarm requests (so every member agrees),
 * persisted in the state store's metadata in the same batch, read by any thread.
 */
public final class Alarms {
    static final String ALARMS_META = "alarms";
    private static final Comparator<AlarmMember> ORDER = Comparator.comparingInt(AlarmMember::getAlarmValue)
            .thenComparing(AlarmMember::getMemberID, Long::compareUnsigned);

    private volatile List<AlarmMember> active;

    private Alarms(List<AlarmMember> active) {
        this.active = active;
    }

    static Alarms load(MvccStore store) {
        return new Alarms(store.readMeta(ALARMS_META).map(Alarms::decode).orElse(List.of()));
    }

    /** Reads the alarms again, once the store's content was replaced by a snapshot. */
    void reload(MvccStore store) {
        active = load(store).active;
    }

    /** The active alarms, ordered by type then member. */
    public List<AlarmMember> active() {
        return active;
    }

    public boolean isActive(AlarmType type) {
        return active.stream().anyMatch(alarm -> alarm.getAlarm() == type);
    }

    /**
     * Applies one request as etcd does: GET lists the alarms of a type (NONE: all, whatever the member), ACTIVATE
     * answers the alarm (also when it was already active), DEACTIVATE answers the alarm it removed, or nothing.
     */
    AlarmResponse apply(AlarmRequest request, ApplyBatch batch) {
        AlarmMember alarm = AlarmMember.newBuilder().setMemberID(request.getMemberID()).setAlarm(request.getAlarm()).build();
        AlarmResponse.Builder response = AlarmResponse.newBuilder();
        switch (request.getAction()) {
            case GET -> response.addAllAlarms(request.getAlarm() == AlarmType.NONE ? active
                    : active.stream().filter(a -> a.getAlarm() == request.getAlarm()).toList());
            case ACTIVATE -> {
                if (!active.contains(alarm)) {
                    List<AlarmMember> next = new ArrayList<>(active);
                    next.add(alarm);
                    next.sort(ORDER);
                    update(next, batch);
                }
                response.addAlarms(alarm);
            }
            case DEACTIVATE -> {
                if (active.contains(alarm)) {
                    update(active.stream().filter(a -> !a.equals(alarm)).toList(), batch);
                    response.addAlarms(alarm);
                }
            }
            case UNRECOGNIZED -> { } // etcd answers an unknown action with no alarms
        }
        return response.build();
    }

    private void update(List<AlarmMember> next, ApplyBatch batch) {
        batch.writeMeta(ALARMS_META, AlarmResponse.newBuilder().addAllAlarms(next).build().toByteArray());
        active = List.copyOf(next);
    }

    private static List<AlarmMember> decode(byte[] stored) {
        try {
            return List.copyOf(AlarmResponse.parseFrom(stored).getAlarmsList());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the stored alarms are corrupt: " + e.getMessage(), e);
        }
    }
}
