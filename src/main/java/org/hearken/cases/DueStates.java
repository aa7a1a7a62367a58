package org.hearken.cases;

/**
 * The due-date state of a case in SQL, so that lists can filter on it and page through it by keyset; the single
 * definition of {@link DueState}. Expressions over alias {@code c} with the named parameters {@code :dueNow} and
 * {@code :dueEndOfToday} (the end of the organisation's current day).
 */
final class DueStates {

    private DueStates() {}

    /** The earliest running stage's due date; null when nothing is running. The same stages as the deadline watch. */
    static final String NEXT_DUE = """
            (case when c.status = 'CLOSED' then null else least(
                case when c.acknowledged_at is null then c.acknowledge_by end,
                case when c.respond_completed_at is null and c.status in ('RECEIVED', 'ACKNOWLEDGED') then c.respond_by end,
                case when c.status = 'UNDER_REVIEW' and c.reviewed_at is null then c.review_by end) end)""";

    /** Whether the stage that is due next runs against an extended date. */
    private static final String NEXT_EXTENDED = """
            ((c.respond_completed_at is null and c.status in ('RECEIVED', 'ACKNOWLEDGED')
                  and c.respond_by is distinct from c.respond_by_original and c.respond_by = %1$s)
             or (c.status = 'UNDER_REVIEW' and c.reviewed_at is null
                  and c.review_by is distinct from c.review_by_original and c.review_by = %1$s))""".formatted(NEXT_DUE);

    static final String STATE = """
            (case when c.status = 'CLOSED' then 'CLOSED'
                  when %1$s is null then 'NO_DEADLINE'
                  when %1$s < :dueNow then 'OVERDUE'
                  when %1$s < :dueEndOfToday then 'DUE_TODAY'
                  when %2$s then 'EXTENDED'
                  else 'ON_TRACK' end)""".formatted(NEXT_DUE, NEXT_EXTENDED);
}
