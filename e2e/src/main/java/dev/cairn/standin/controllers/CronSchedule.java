package dev.cairn.standin.controllers;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A standard 5-field cron schedule (minute hour day-of-month month day-of-week) in UTC, as CronJobs take it: lists,
 * ranges, steps, {@code *}, month and day names, 7 as Sunday, and the {@code @hourly}-style macros. As in cron,
 * when both day fields are restricted a day matching either one fires.
 */
public final class CronSchedule {

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
            "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    /** Far enough for any satisfiable schedule (Feb 29 on a given weekday repeats within 28 years). */
    private static final int SEARCH_YEARS = 30;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronSchedule(String text, String[] fields) {
        this.text = text;
        this.minutes = Field.MINUTE.parse(fields[0], text);
        this.hours = Field.HOUR.parse(fields[1], text);
        this.daysOfMonth = Field.DAY_OF_MONTH.parse(fields[2], text);
        this.months = Field.MONTH.parse(fields[3], text);
        BitSet week = Field.DAY_OF_WEEK.parse(fields[4], text);
        if (week.get(7)) {
            week.set(0);
        }
        this.daysOfWeek = week;
        this.dayOfMonthRestricted = !fields[2].startsWith("*");
        this.dayOfWeekRestricted = !fields[4].startsWith("*");
    }

    /** Parses a schedule; a malformed one is refused with the reason. */
    public static CronSchedule parse(String schedule) {
        if (schedule == null || schedule.isBlank()) {
            throw new IllegalArgumentException("empty cron schedule");
        }
        String trimmed = schedule.trim();
        String expanded = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("cron schedule \"" + schedule + "\" must have 5 fields (minute hour "
                    + "day-of-month month day-of-week), has " + fields.length);
        }
        return new CronSchedule(schedule, fields);
    }

    /** The first time strictly after {@code after} that the schedule fires; empty if it never does. */
    public Optional<Instant> next(Instant after) {
        ZonedDateTime time = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = time.plusYears(SEARCH_YEARS);
        while (time.isBefore(limit)) {
            if (!months.get(time.getMonthValue())) {
                time = time.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!dayMatches(time)) {
                time = time.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(time.getHour())) {
                time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(time.getMinute())) {
                time = time.plusMinutes(1);
            } else {
                return Optional.of(time.toInstant());
            }
        }
        return Optional.empty();
    }

    /** The latest time at or before {@code now} and after {@code since} that the schedule fired; empty if none. */
    public Optional<Instant> lastMissed(Instant since, Instant now) {
        Optional<Instant> last = Optional.empty();
        Optional<Instant> next = next(since);
        while (next.isPresent() && !next.get().isAfter(now)) {
            last = next;
            next = next(next.get());
        }
        return last;
    }

    private boolean dayMatches(ZonedDateTime time) {
        boolean monthDay = daysOfMonth.get(time.getDayOfMonth());
        boolean weekDay = daysOfWeek.get(time.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : time.getDayOfWeek().getValue());
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            return monthDay || weekDay;
        }
        return monthDay && weekDay;
    }

    @Override
    public String toString() {
        return text;
    }

    private enum Field {
        MINUTE("minute", 0, 59, List.of()),
        HOUR("hour", 0, 23, List.of()),
        DAY_OF_MONTH("day-of-month", 1, 31, List.of()),
        MONTH("month", 1, 12, MONTHS),
        DAY_OF_WEEK("day-of-week", 0, 7, DAYS);

        private final String label;
        private final int min;
        private final int max;
        private final List<String> names;

        Field(String label, int min, int max, List<String> names) {
            this.label = label;
            this.min = min;
            this.max = max;
            this.names = names;
        }

        BitSet parse(String field, String schedule) {
            BitSet values = new BitSet(max + 1);
            for (String part : field.split(",", -1)) {
                parsePart(part, schedule, values);
            }
            return values;
        }

        private void parsePart(String part, String schedule, BitSet values) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), schedule);
                if (step < 1) {
                    throw error(schedule, "step " + step + " must be positive");
                }
            }
            int low;
            int high;
            if (range.equals("*")) {
                low = min;
                high = max;
            } else if (range.contains("-")) {
                String[] bounds = range.split("-", -1);
                if (bounds.length != 2) {
                    throw error(schedule, "bad range \"" + range + "\"");
                }
                low = value(bounds[0], schedule);
                high = value(bounds[1], schedule);
            } else {
                low = value(range, schedule);
                high = slash >= 0 ? max : low;
            }
            if (low > high) {
                throw error(schedule, "range " + low + "-" + high + " runs backwards");
            }
            for (int value = low; value <= high; value += step) {
                values.set(value);
            }
        }

        private int value(String text, String schedule) {
            int named = names.indexOf(text.toLowerCase(Locale.ROOT));
            int value = named >= 0 ? named + (this == MONTH ? 1 : 0) : number(text, schedule);
            if (value < min || value > max) {
                throw error(schedule, value + " is outside " + min + "-" + max);
            }
            return value;
        }

        private int number(String text, String schedule) {
            if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
                throw error(schedule, "\"" + text + "\" is not a number or a name");
            }
            return Integer.parseInt(text);
        }

        private IllegalArgumentException error(String schedule, String reason) {
            return new IllegalArgumentException("cron schedule \"" + schedule + "\": " + label + " field: " + reason);
        }
    }
}
