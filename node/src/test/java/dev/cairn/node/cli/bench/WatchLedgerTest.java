package dev.cairn.node.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cairn.node.proto.mvccpb.Event;
import dev.cairn.node.proto.mvccpb.KeyValue;
import org.junit.jupiter.api.Test;

/** The watch load's accounting, fed events by hand. */
class WatchLedgerTest {
    /** 4 puts over 2 prefixes, 3 watchers: prefix 0 is watched by watchers 0 and 2, prefix 1 by watcher 1. */
    private final WatchLedger ledger = new WatchLedger(4, 2, 3);
    private final WatchLedger.Cursor first = ledger.cursor(0);
    private final WatchLedger.Cursor second = ledger.cursor(1);
    private final WatchLedger.Cursor third = ledger.cursor(2);

    private static Event put(long index, long revision, long sentNanos) {
        return Event.newBuilder().setType(Event.EventType.PUT).setKv(KeyValue.newBuilder()
                .setKey(ByteString.copyFromUtf8("k" + index)).setModRevision(revision)
                .setValue(WatchLedger.stampedValue(sentNanos, index, 32))).build();
    }

    /** Acknowledges put i at revision 10 + i. */
    private void acknowledgeAll() {
        for (int i = 0; i < 4; i++) {
            ledger.acknowledged(i, 10 + i);
        }
    }

    /** Delivers every put to every watcher of its prefix, in revision order. */
    private void deliverAll() {
        for (int i = 0; i < 4; i++) {
            for (WatchLedger.Cursor cursor : i % 2 == 0 ? new WatchLedger.Cursor[] {first, third}
                    : new WatchLedger.Cursor[] {second}) {
                ledger.received(cursor, put(i, 10 + i, 1_000), 1_000 + 1_000_000L * (i + 1));
            }
        }
    }

    @Test
    void everyEventOnceInOrderIsClean() {
        acknowledgeAll();
        deliverAll();
        assertThat(ledger.expectedDeliveries()).isEqualTo(6);
        assertThat(ledger.receivedCount()).isEqualTo(6);
        assertThat(ledger.verdict()).isEqualTo(new WatchLedger.Verdict(6, 0, 0, 0, 0));
        // Latency is receipt minus the send time carried in the value: 1, 3 ms for prefix 0 twice, 2, 4 ms once.
        assertThat(ledger.latencies().getTotalCount()).isEqualTo(6);
        // HdrHistogram at 3 significant digits: within 0.1%.
        assertThat(ledger.latencies().getMinValue()).isBetween(999_000L, 1_001_000L);
        assertThat(ledger.latencies().getMaxValue()).isBetween(3_996_000L, 4_004_000L);
        assertThat(ledger.lastEventNanos(0)).isEqualTo(1_000 + 4_000_000L);
    }

    @Test
    void missingEventsAreLost() {
        acknowledgeAll();
        ledger.received(first, put(0, 10, 0), 1);
        ledger.received(second, put(1, 11, 0), 1);
        ledger.received(first, put(2, 12, 0), 1);
        // third got nothing, second missed put 3
        assertThat(ledger.verdict()).isEqualTo(new WatchLedger.Verdict(6, 3, 0, 0, 0));
    }

    @Test
    void repeatedOrBackwardEventsAreDuplicatesAndNotCountedTwice() {
        acknowledgeAll();
        ledger.received(second, put(1, 11, 0), 1);
        ledger.received(second, put(1, 11, 0), 1);
        ledger.received(second, put(3, 13, 0), 1);
        ledger.received(second, put(1, 11, 0), 1);
        assertThat(ledger.receivedCount()).isEqualTo(2);
        WatchLedger.Verdict verdict = ledger.verdict();
        assertThat(verdict.duplicated()).isEqualTo(2);
        assertThat(verdict.lost()).isEqualTo(4); // prefix 0 got nothing
    }

    @Test
    void eventsOfOtherPrefixesOrNotOursAreForeign() {
        acknowledgeAll();
        ledger.received(first, put(1, 11, 0), 1); // put 1 belongs to prefix 1
        ledger.received(first, put(99, 12, 0), 1); // no such put
        ledger.received(first, Event.newBuilder().setType(Event.EventType.DELETE)
                .setKv(KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("k0")).setModRevision(14)).build(), 1);
        ledger.received(first, Event.newBuilder().setType(Event.EventType.PUT)
                .setKv(KeyValue.newBuilder().setValue(ByteString.copyFromUtf8("short")).setModRevision(15)).build(), 1);
        assertThat(ledger.verdict().foreign()).isEqualTo(4);
        assertThat(ledger.receivedCount()).isZero();
    }

    @Test
    void anEventAtAnotherRevisionThanThePutsResponseIsAMismatch() {
        acknowledgeAll();
        ledger.received(first, put(0, 10, 0), 1);
        ledger.received(third, put(0, 20, 0), 1); // disagrees with the first watcher
        ledger.received(second, put(1, 21, 0), 1); // disagrees with the put's response (11)
        assertThat(ledger.verdict().revisionMismatches()).isEqualTo(2); // watchers disagree on put 0; put 1 vs reply
    }

    @Test
    void aFailedPutIsOwedToNobodyUnlessSomeWatcherSawIt() {
        ledger.acknowledged(0, 10);
        ledger.acknowledged(1, 11);
        // put 2 failed on the client and nobody saw it; put 3 failed but was applied: its watcher got it
        ledger.received(first, put(0, 10, 0), 1);
        ledger.received(third, put(0, 10, 0), 1);
        ledger.received(second, put(1, 11, 0), 1);
        ledger.received(second, put(3, 13, 0), 1);
        assertThat(ledger.expectedDeliveries()).isEqualTo(3);
        assertThat(ledger.verdict()).isEqualTo(new WatchLedger.Verdict(4, 0, 0, 0, 0));

        WatchLedger partly = new WatchLedger(1, 1, 2);
        partly.received(partly.cursor(0), put(0, 5, 0), 1); // applied (seen) but unacknowledged: both owed it
        assertThat(partly.verdict()).isEqualTo(new WatchLedger.Verdict(2, 1, 0, 0, 0));
    }

    @Test
    void theLatchOpensOnceTheExpectedCountIsReachedEvenIfReachedBeforehand() {
        acknowledgeAll();
        ledger.received(second, put(1, 11, 0), 1);
        ledger.expect(2);
        assertThat(ledger.allExpectedReceived().getCount()).isEqualTo(1);
        ledger.received(second, put(3, 13, 0), 1);
        assertThat(ledger.allExpectedReceived().getCount()).isZero();

        WatchLedger early = new WatchLedger(1, 1, 1);
        early.received(early.cursor(0), put(0, 3, 0), 1);
        early.expect(1);
        assertThat(early.allExpectedReceived().getCount()).isZero();
    }
}
