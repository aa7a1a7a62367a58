package org.hearken.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * A case as another system's register recorded it, to be brought into Hearken with its history: where it came from
 * ({@code source}, named by the administrator, and the old system's {@code sourceReference}, unique within the source),
 * what it is, and how far it had gone ({@code status} with the dates it was acknowledged, responded to and closed, and
 * the response's outcome). Department and owner are as for {@link OpenCase}: the department's lead when no owner is
 * named. {@code category} is an active category's code, or null.
 */
public record ImportedCase(
        String source,
        String sourceReference,
        FeedbackKind kind,
        Channel channel,
        Instant receivedAt,
        String departmentCode,
        String ownerUsername,
        String category,
        String subject,
        String description,
        CustomerContact customer,
        CaseStatus status,
        Instant acknowledgedAt,
        Instant respondedAt,
        Instant closedAt,
        Outcome outcome) {

    /** What is wrong, named by the field at fault. */
    public record Problem(String field, String message) {}

    /** The statuses an imported case may have: a case under internal review is not imported. */
    public static final List<CaseStatus> STATUSES =
            List.of(CaseStatus.RECEIVED, CaseStatus.ACKNOWLEDGED, CaseStatus.RESPONDED, CaseStatus.CLOSED);

    /**
     * What is wrong with the history as told: a date in the future (more than five minutes after {@code now}), a stage
     * done before the case was received or before the stage before it, a date the status does not allow or one it
     * needs. Each problem names the field ({@code receivedAt}, {@code acknowledgedAt}, {@code respondedAt},
     * {@code closedAt}, {@code outcome}, {@code status}). The one rule both the import's dry run and the case apply.
     */
    public List<Problem> problems(Instant now) {
        List<Problem> problems = new ArrayList<>();
        Instant latest = now.plusSeconds(300);
        if (status == null || !STATUSES.contains(status)) {
            problems.add(new Problem("status", "must be open (received), acknowledged, responded or closed"));
            return problems;
        }
        future(problems, "receivedAt", receivedAt, latest);
        future(problems, "acknowledgedAt", acknowledgedAt, latest);
        future(problems, "respondedAt", respondedAt, latest);
        future(problems, "closedAt", closedAt, latest);
        before(problems, "acknowledgedAt", acknowledgedAt, receivedAt, "it was received");
        before(problems, "respondedAt", respondedAt, receivedAt, "it was received");
        before(problems, "respondedAt", respondedAt, acknowledgedAt, "it was acknowledged");
        before(problems, "closedAt", closedAt, receivedAt, "it was received");
        before(problems, "closedAt", closedAt, acknowledgedAt, "it was acknowledged");
        before(problems, "closedAt", closedAt, respondedAt, "it was responded to");
        String word = status.name().toLowerCase(java.util.Locale.ROOT);
        switch (status) {
            case RECEIVED -> {
                notFor(problems, "acknowledgedAt", acknowledgedAt, "open (received)");
                notFor(problems, "respondedAt", respondedAt, "open (received)");
                notFor(problems, "closedAt", closedAt, "open (received)");
            }
            case ACKNOWLEDGED -> {
                needed(problems, "acknowledgedAt", acknowledgedAt, word);
                notFor(problems, "respondedAt", respondedAt, word);
                notFor(problems, "closedAt", closedAt, word);
            }
            case RESPONDED -> {
                needed(problems, "respondedAt", respondedAt, word);
                notFor(problems, "closedAt", closedAt, word);
            }
            case CLOSED -> needed(problems, "closedAt", closedAt, word);
            default -> {}
        }
        if (respondedAt != null && outcome == null) {
            problems.add(new Problem("outcome", "is needed for a case that was responded to"));
        }
        if (outcome != null && respondedAt == null) {
            problems.add(new Problem("outcome", "is given, but not when the case was responded to"));
        }
        return problems;
    }

    private static void future(List<Problem> problems, String field, Instant at, Instant latest) {
        if (at != null && at.isAfter(latest)) {
            problems.add(new Problem(field, "is in the future"));
        }
    }

    private static void before(List<Problem> problems, String field, Instant at, Instant earlier, String what) {
        if (at != null && earlier != null && at.isBefore(earlier)) {
            problems.add(new Problem(field, "is before " + what));
        }
    }

    private static void needed(List<Problem> problems, String field, Instant at, String status) {
        if (at == null) {
            problems.add(new Problem(field, "is needed for a case that is " + status));
        }
    }

    private static void notFor(List<Problem> problems, String field, Instant at, String status) {
        if (at != null) {
            problems.add(new Problem(field, "is given, but the status says the case is " + status));
        }
    }
}
