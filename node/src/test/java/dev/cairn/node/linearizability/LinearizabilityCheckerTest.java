package dev.cairn.node.linearizability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker on hand-written histories (times are abstract units) and on generated ones with known answers. */
class LinearizabilityCheckerTest {
    private final LinearizabilityChecker checker = new LinearizabilityChecker();
    private final List<Operation> ops = new ArrayList<>();

    private void put(int client, String value, long from, long to) {
        ops.add(Operation.ok(client, new Command.Put("k", value), new Reply.Written(), from, to));
    }

    private void get(int client, String seen, long from, long to) {
        ops.add(Operation.ok(client, new Command.Get("k"), new Reply.Observed(seen), from, to));
    }

    private void cas(int client, String expected, String replacement, boolean succeeded, long from, long to) {
        ops.add(Operation.ok(client, new Command.CompareAndSet("k", expected, replacement),
                new Reply.Swapped(succeeded), from, to));
    }

    private void delete(int client, long deleted, long from, long to) {
        ops.add(Operation.ok(client, new Command.Delete("k"), new Reply.Deleted(deleted), from, to));
    }

    private CheckResult check() {
        return checker.check(new History(ops));
    }

    @Test
    void sequentialHistoryIsLinearizable() {
        get(1, null, 0, 1);
        put(1, "a", 2, 3);
        get(2, "a", 4, 5);
        cas(1, "a", "b", true, 6, 7);
        cas(2, "a", "c", false, 8, 9);
        delete(1, 1, 10, 11);
        delete(2, 0, 12, 13);
        cas(1, null, "d", true, 14, 15);
        get(2, "d", 16, 17);
        CheckResult result = check();
        assertThat(result.linearizable()).as(result.describe()).isTrue();
        assertThat(result.keys()).singleElement().extracting(KeyVerdict::operations).isEqualTo(9);
    }

    @Test
    void overlappingOperationsMayTakeEffectInEitherOrder() {
        put(1, "a", 0, 10);
        put(2, "b", 5, 15);
        get(3, "a", 12, 14); // b first (at 5..12), then a, seen at 12..14
        get(3, "a", 16, 18);
        CheckResult bFirst = check();
        assertThat(bFirst.linearizable()).as(bFirst.describe()).isTrue();

        ops.removeLast();
        get(3, "b", 16, 18); // now a before b: a at 0..12, read a, then b takes effect at 14..15
        CheckResult aFirst = check();
        assertThat(aFirst.linearizable()).as(aFirst.describe()).isTrue();
    }

    @Test
    void readsOnBothSidesOfAConcurrentWriteMayDisagree() {
        put(1, "a", 0, 1);
        put(1, "b", 2, 20);
        get(2, "b", 3, 5);
        get(3, "b", 6, 8);
        get(2, "b", 9, 10);
        CheckResult result = check();
        assertThat(result.linearizable()).as(result.describe()).isTrue();
    }

    @Test
    void anUnknownWriteMayHaveHappenedLongAfterItsClientGaveUp() {
        put(1, "a", 0, 1);
        ops.add(Operation.unknown(2, new Command.Put("k", "b"), 2));
        get(3, "a", 50, 51);
        get(3, "b", 60, 61);
        CheckResult result = check();
        assertThat(result.linearizable()).as(result.describe()).isTrue();
    }

    @Test
    void anUnknownWriteMayNeverHaveHappened() {
        put(1, "a", 0, 1);
        ops.add(Operation.unknown(2, new Command.Put("k", "b"), 2));
        ops.add(Operation.unknown(2, new Command.CompareAndSet("k", "a", "c"), 3));
        ops.add(Operation.unknown(2, new Command.Delete("k"), 4));
        get(3, "a", 50, 51);
        get(3, "a", 60, 61);
        CheckResult result = check();
        assertThat(result.linearizable()).as(result.describe()).isTrue();
    }

    @Test
    void anUnknownWriteThatWasSeenCannotBeUndone() {
        put(1, "a", 0, 1);
        ops.add(Operation.unknown(2, new Command.Put("k", "b"), 2));
        get(3, "b", 50, 51);
        get(3, "a", 60, 61);
        assertThat(check().verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void aFailedWriteNeverHappened() {
        put(1, "a", 0, 1);
        ops.add(Operation.failed(2, new Command.Put("k", "b"), 2, 3));
        get(3, "a", 4, 5);
        assertThat(check().linearizable()).isTrue();

        get(3, "b", 6, 7);
        assertThat(check().verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void failedAndUnansweredReadsAreIgnored() {
        put(1, "a", 0, 1);
        ops.add(Operation.failed(2, new Command.Get("k"), 2, 3));
        ops.add(Operation.unknown(2, new Command.Get("k"), 4));
        get(3, "a", 5, 6);
        CheckResult result = check();
        assertThat(result.linearizable()).as(result.describe()).isTrue();
        assertThat(result.keys()).singleElement().extracting(KeyVerdict::operations).isEqualTo(2);
    }

    @Test
    void aStaleReadAfterACompletedWriteIsCaughtAndExplained() {
        put(1, "a", 0, 1);
        put(1, "b", 2, 3);
        get(2, "a", 4, 5);
        CheckResult result = check();
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.describe())
                .contains("leaves the register at \"b\"")
                .contains("client 2 get(k) -> \"a\"")
                .contains("last linearized:\n  client 1 put(k, \"a\")");
    }

    @Test
    void aReadOfAValueNeverWrittenIsCaught() {
        put(1, "a", 0, 1);
        get(2, "ghost", 2, 3);
        CheckResult result = check();
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.describe()).contains("get(k) -> \"ghost\"");
    }

    @Test
    void aLostAcknowledgedWriteIsCaught() {
        put(1, "a", 0, 1);
        get(2, "a", 2, 3);
        put(1, "b", 4, 5); // acknowledged
        get(2, "a", 10, 11); // ... but later reads still see the older value
        get(3, "a", 12, 13);
        assertThat(check().verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void aCompareAndSetSucceedingOnAValueThatWasNotCurrentIsCaught() {
        put(1, "a", 0, 1);
        put(1, "b", 2, 3);
        cas(2, "a", "c", true, 4, 5);
        assertThat(check().verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void aCompareAndSetFailingOnTheCurrentValueIsCaught() {
        put(1, "a", 0, 1);
        cas(2, "a", "c", false, 4, 5);
        assertThat(check().verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void aDeleteReportingTheWrongCountIsCaught() {
        put(1, "a", 0, 1);
        delete(2, 0, 2, 3);
        assertThat(check().verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void keysAreIndependentRegisters() {
        put(1, "a", 0, 1);
        ops.add(Operation.ok(2, new Command.Get("other"), new Reply.Observed(null), 2, 3));
        ops.add(Operation.ok(2, new Command.Put("other", "x"), new Reply.Written(), 4, 5));
        get(3, "a", 6, 7);
        CheckResult result = check();
        assertThat(result.linearizable()).as(result.describe()).isTrue();
        assertThat(result.keys()).extracting(KeyVerdict::key).containsExactly("k", "other");
    }

    @Test
    void serializableReadsMayBeStaleButNotInvented() {
        put(1, "a", 0, 1);
        put(1, "b", 2, 3);
        ops.add(Operation.ok(2, new Command.Get("k", true), new Reply.Observed("a"), 4, 5));
        assertThat(check().linearizable()).isTrue();

        ops.add(Operation.ok(2, new Command.Get("k", true), new Reply.Observed("ghost"), 6, 7));
        CheckResult result = check();
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.serializableReadViolations()).singleElement().asString().contains("\"ghost\"");
    }

    @Test
    void aSearchOverItsBoundIsUndecided() {
        History history = SimulatedRegisterHistory.generate(7, 10, List.of("k"), 50, 0.02);
        CheckResult result = new LinearizabilityChecker(10).check(history);
        assertThat(result.verdict()).isEqualTo(Verdict.UNDECIDED);
        assertThat(result.keys()).singleElement().extracting(KeyVerdict::explanation)
                .isEqualTo("undecided: search exceeded 10 states");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void thousandsOfOperationsPerKeyOfTenClientsAreCheckedQuickly() {
        History history = SimulatedRegisterHistory.generate(42, 10, List.of("a", "b"), 600, 0.005);
        CheckResult result = checker.check(history);
        assertThat(result.linearizable()).as(result.describe()).isTrue();
        assertThat(result.keys()).allSatisfy(key -> assertThat(key.operations()).isGreaterThan(2500));
        assertThat(history.count(Outcome.UNKNOWN)).isPositive();

        CheckResult planted = checker.check(StaleReadPlanter.plant(history));
        assertThat(planted.verdict()).as(planted.describe()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void generatedHistoriesAreLinearizableAndAPlantedStaleReadIsNot() {
        for (long seed = 1; seed <= 30; seed++) {
            History history = SimulatedRegisterHistory.generate(seed, 6, List.of("x", "y", "z"), 40, 0.05);
            CheckResult result = checker.check(history);
            assertThat(result.linearizable()).as("seed " + seed + ": " + result.describe()).isTrue();
            CheckResult planted = checker.check(StaleReadPlanter.plant(history));
            assertThat(planted.verdict()).as("seed " + seed).isEqualTo(Verdict.NOT_LINEARIZABLE);
        }
    }
}
