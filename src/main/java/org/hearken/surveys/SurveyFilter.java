package org.hearken.surveys;

import java.time.Instant;
import java.util.Set;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * Which surveys to count: those of cases received (or closed) in {@code [from, to)}, optionally only of some
 * departments, one kind and one channel. Every bound and filter may be null, meaning "no limit".
 *
 * @param basis whether {@code from}/{@code to} apply to the date the case was received or the date it was (last) closed
 * @param departmentIds the departments whose cases count (a case counts in the department it is in now); null for all
 * @param clientId the client organisation whose cases count; null for any case
 */
public record SurveyFilter(
        DateBasis basis,
        Instant from,
        Instant to,
        Set<Long> departmentIds,
        FeedbackKind kind,
        Channel channel,
        Long clientId) {

    /** Which date of the case the range applies to. */
    public enum DateBasis {
        RECEIVED,
        CLOSED
    }

    public SurveyFilter {
        basis = basis == null ? DateBasis.CLOSED : basis;
        departmentIds = departmentIds == null ? null : Set.copyOf(departmentIds);
    }

    public SurveyFilter(
            DateBasis basis, Instant from, Instant to, Set<Long> departmentIds, FeedbackKind kind, Channel channel) {
        this(basis, from, to, departmentIds, kind, channel, null);
    }

    /** Every survey of cases received in {@code [from, to)}. */
    public static SurveyFilter received(Instant from, Instant to) {
        return new SurveyFilter(DateBasis.RECEIVED, from, to, null, null, null);
    }

    /** Every survey of cases closed in {@code [from, to)}. */
    public static SurveyFilter closed(Instant from, Instant to) {
        return new SurveyFilter(DateBasis.CLOSED, from, to, null, null, null);
    }

    public SurveyFilter withDepartments(Set<Long> ids) {
        return new SurveyFilter(basis, from, to, ids, kind, channel, clientId);
    }

    public SurveyFilter withKind(FeedbackKind k) {
        return new SurveyFilter(basis, from, to, departmentIds, k, channel, clientId);
    }

    public SurveyFilter withChannel(Channel c) {
        return new SurveyFilter(basis, from, to, departmentIds, kind, c, clientId);
    }

    /** Only the cases of one client organisation. */
    public SurveyFilter withClient(Long id) {
        return new SurveyFilter(basis, from, to, departmentIds, kind, channel, id);
    }
}
