package org.hearken.cases;

import java.time.Instant;
import org.hearken.policy.Channel;
import org.hearken.policy.FeedbackKind;

/**
 * A case row with the names of the people and departments it refers to. {@code receivedAt} is when the organisation
 * received the feedback, {@code sentAt} when the customer sent it (null when not known).
 */
record CaseRecord(
        long id,
        String reference,
        FeedbackKind kind,
        Channel channel,
        CaseStatus status,
        Instant receivedAt,
        Instant loggedAt,
        String subject,
        String description,
        String customerName,
        String customerEmail,
        String customerPhone,
        String customerAddress,
        PreferredReply preferredReply,
        Long customerId,
        long departmentId,
        String departmentCode,
        String departmentName,
        long ownerId,
        String ownerUsername,
        String ownerName,
        boolean confidential,
        long loggedBy,
        Long policyVersionId,
        Integer policyVersion,
        Instant acknowledgeBy,
        Instant firstResponseBy,
        Instant respondBy,
        Instant respondByOriginal,
        Instant expectedBy,
        Instant acknowledgedAt,
        AcknowledgementMethod acknowledgedVia,
        StageOutcome acknowledgeOutcome,
        Instant firstResponseAt,
        Instant respondedAt,
        Instant respondCompletedAt,
        StageOutcome respondOutcome,
        Outcome outcome,
        boolean firstContactResolution,
        Instant closedAt,
        int reopenCount,
        Long pendingOwnerId,
        String pendingOwnerUsername,
        String pendingOwnerName,
        Long pendingDepartmentId,
        String pendingDepartmentCode,
        String pendingDepartmentName,
        String referralNote,
        Instant referredAt,
        String referredByUsername,
        Instant reviewRequestedAt,
        String reviewReason,
        Long reviewerId,
        String reviewerUsername,
        String reviewerName,
        Instant reviewBy,
        Instant reviewByOriginal,
        Instant reviewedAt,
        ReviewDecision reviewDecision,
        StageOutcome reviewOutcome,
        int version,
        String namedStaffIds,
        String subjectStaffIds,
        Instant customerRepliedAt,
        String product,
        Instant sentAt,
        Integer packRoute,
        Instant reviewAcknowledgeBy,
        Instant reviewAcknowledgedAt,
        Instant decideBy,
        Instant decidedAt,
        Instant updateBy,
        Instant lastUpdateAt,
        /** When the case last changed (logged, or saved with a new version). */
        Instant updatedAt,
        /** The client organisation of its customer, if any, and the staff looking after that client (see V227). */
        Long clientId,
        String clientManagerIds) {

    static final String SELECT = """
            select c.id, c.reference, c.kind, c.channel, c.status, c.received_at, c.logged_at, c.subject, c.description,
                   c.customer_name, c.customer_email, c.customer_phone, c.customer_address, c.preferred_reply, c.customer_id,
                   c.department_id, d.code as department_code, d.name as department_name,
                   c.owner_id, s.username as owner_username, s.full_name as owner_name,
                   c.confidential, c.logged_by, c.policy_version_id, c.policy_version,
                   c.acknowledge_by, c.first_response_by, c.respond_by, c.respond_by_original, c.expected_by,
                   c.acknowledged_at, c.acknowledged_via, c.acknowledge_outcome,
                   c.first_response_at, c.responded_at, c.respond_completed_at, c.respond_outcome, c.outcome,
                   c.first_contact_resolution, c.closed_at, c.reopen_count,
                   c.pending_owner_id, po.username as pending_owner_username, po.full_name as pending_owner_name,
                   c.pending_department_id, pd.code as pending_department_code, pd.name as pending_department_name,
                   c.referral_note, c.referred_at, rb.username as referred_by_username,
                   c.review_requested_at, c.review_reason, c.reviewer_id, rv.username as reviewer_username, rv.full_name as reviewer_name,
                   c.review_by, c.review_by_original, c.reviewed_at, c.review_decision, c.review_outcome, c.version,
                   array_to_string(c.named_staff, ',') as named_staff_ids, array_to_string(c.subject_staff, ',') as subject_staff_ids,
                   c.customer_replied_at, c.product, c.sent_at, c.pack_route, c.review_acknowledge_by, c.review_acknowledged_at,
                   c.decide_by, c.decided_at, c.update_by, c.last_update_at, c.updated_at,
                   c.client_id, array_to_string(c.client_managers, ',') as client_manager_ids
            from cases c
            join department_directory d on d.id = c.department_id
            join staff_directory s on s.id = c.owner_id
            left join staff_directory po on po.id = c.pending_owner_id
            left join department_directory pd on pd.id = c.pending_department_id
            left join staff_directory rb on rb.id = c.referred_by
            left join staff_directory rv on rv.id = c.reviewer_id
            """;

    CustomerContact customer() {
        return new CustomerContact(customerName, customerEmail, customerPhone, customerAddress, preferredReply);
    }

    /** Given sight of the case by name. */
    boolean isNamed(long staffId) {
        return listed(namedStaffIds, staffId);
    }

    /** The complaint is about this member of staff, who must never see it. */
    boolean isAbout(long staffId) {
        return listed(subjectStaffIds, staffId);
    }

    java.util.List<Long> subjectStaff() {
        return ids(subjectStaffIds);
    }

    java.util.List<Long> namedStaff() {
        return ids(namedStaffIds);
    }

    java.util.List<Long> clientManagers() {
        return ids(clientManagerIds);
    }

    private static boolean listed(String ids, long staffId) {
        return ids != null && !ids.isEmpty() && ids(ids).contains(staffId);
    }

    private static java.util.List<Long> ids(String ids) {
        if (ids == null || ids.isEmpty()) {
            return java.util.List.of();
        }
        return java.util.Arrays.stream(ids.split(",")).map(Long::valueOf).toList();
    }

    boolean hasPendingReferral() {
        return pendingOwnerId != null;
    }
}
