package dev.cairn.standin.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    @ParameterizedTest(name = "{0} after {1} is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            * * * * *        | 2026-03-01T10:15:30Z | 2026-03-01T10:16:00Z
            */15 * * * *     | 2026-03-01T10:15:00Z | 2026-03-01T10:30:00Z
            0 2 * * *        | 2026-03-01T02:00:00Z | 2026-03-02T02:00:00Z
            0 2 * * *        | 2026-12-31T23:59:00Z | 2027-01-01T02:00:00Z
            30 1 1 * *       | 2026-01-31T00:00:00Z | 2026-02-01T01:30:00Z
            0 0 29 2 *       | 2026-03-01T00:00:00Z | 2028-02-29T00:00:00Z
            0 9 * * mon-fri  | 2026-11-27T09:00:00Z | 2026-11-30T09:00:00Z
            0 0 * * 7        | 2026-11-24T00:00:00Z | 2026-11-29T00:00:00Z
            0 0 13 * 5       | 2026-11-01T00:00:00Z | 2026-11-06T00:00:00Z
            5-10/5 8,20 * * *| 2026-11-24T08:05:00Z | 2026-11-24T08:10:00Z
            0 0 1 jan,jul *  | 2026-02-01T00:00:00Z | 2026-07-01T00:00:00Z
            @hourly          | 2026-11-24T10:00:00Z | 2026-11-24T11:00:00Z
            @weekly          | 2026-11-24T10:00:00Z | 2026-11-29T00:00:00Z
            """)
    void nextFiringTime(String schedule, String after, String expected) {
        assertThat(CronSchedule.parse(schedule).next(Instant.parse(after))).contains(Instant.parse(expected));
    }

    @Test
    void anImpossibleDateNeverFires() {
        assertThat(CronSchedule.parse("0 0 30 2 *").next(Instant.parse("2026-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void lastMissedIsTheLatestTimeUpToNow() {
        CronSchedule schedule = CronSchedule.parse("*/10 * * * *");
        assertThat(schedule.lastMissed(Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-11-24T10:35:00Z")))
                .contains(Instant.parse("2026-11-24T10:30:00Z"));
        assertThat(schedule.lastMissed(Instant.parse("2026-11-24T10:00:00Z"), Instant.parse("2026-11-24T10:09:59Z")))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''               | empty cron schedule
            * * * *          | must have 5 fields
            60 * * * *       | minute field: 60 is outside 0-59
            * 24 * * *       | hour field: 24 is outside 0-23
            * * 0 * *        | day-of-month field: 0 is outside 1-31
            * * * 13 *       | month field: 13 is outside 1-12
            * * * * 8        | day-of-week field: 8 is outside 0-7
            */0 * * * *      | step 0 must be positive
            5-1 * * * *      | range 5-1 runs backwards
            x * * * *        | "x" is not a number or a name
            """)
    void malformedSchedulesAreRefusedWithTheReason(String schedule, String reason) {
        assertThatThrownBy(() -> CronSchedule.parse(schedule)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
