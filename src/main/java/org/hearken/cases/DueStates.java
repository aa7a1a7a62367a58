package org.hearken.cases;

/**
 * The due-date state of a case in SQL, so that lists can filter on it and page through it by keyset; the single
 * definition of {@link DueState}. Expressions over a {@code cases} row aliased {@code c} with the named parameters
 * {@code :dueNow} and {@code :dueEndOfToday} (the end of the organisation's current day). Which stages are running and
 * when each is due is not restated here: it is the database functions {@code case_next_due} and
 * {@code case_next_due_extended} (V150), which the deadline watch and the reports read too, through the views.
 */
final class DueStates {

    private DueStates() {}

    /** The earliest running stage's due date; null when nothing is running. The same stages as the deadline watch. */
    static final String NEXT_DUE = "case_next_due(c)";

    static final String STATE = """
            (case when c.status = 'CLOSED' then 'CLOSED'
                  when %1$s is null then 'NO_DEADLINE'
                  when %1$s < :dueNow then 'OVERDUE'
                  when %1$s < :dueEndOfToday then 'DUE_TODAY'
                  when case_next_due_extended(c) then 'EXTENDED'
                  else 'ON_TRACK' end)""".formatted(NEXT_DUE);

    /**
     * A condition equal to {@code STATE = :listDue} for the given state. Overdue and due today are written as
     * comparisons of the next due date, which PostgreSQL can estimate: against the state's {@code case} expression it
     * guessed that hardly any case matched, so it read every open case of the department and sorted them instead of
     * walking the newest first, and the filtered queue grew with the number of open cases.
     */
    static String is(DueState state) {
        return switch (state) {
            case OVERDUE -> "(c.status <> 'CLOSED' and %1$s < :dueNow)".formatted(NEXT_DUE);
            case DUE_TODAY ->
                "(c.status <> 'CLOSED' and %1$s >= :dueNow and %1$s < :dueEndOfToday)".formatted(NEXT_DUE);
            default -> STATE + " = :listDue";
        };
    }
}
