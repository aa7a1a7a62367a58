package org.hearken.cases;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hearken.identity.Actor;
import org.hearken.platform.ConflictException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.SimplePropertyRowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CaseRepository {

    /**
     * The columns of a new case row; the reference is {@code referenceStem} followed by the next sequence number, at
     * least six digits and as many more as it needs ({@code case_reference}, migration V140).
     */
    record NewRow(
            String referenceStem,
            OpenCase open,
            Instant loggedAt,
            long departmentId,
            long ownerId,
            long loggedBy,
            Long policyVersionId,
            Integer policyVersion,
            Instant acknowledgeBy,
            Instant firstResponseBy,
            Instant respondBy,
            Long[] subjectStaff,
            Integer packRoute,
            ImportMark imported) {}

    /** Where an imported case came from: the source, the old system's reference, when and by which import. */
    record ImportMark(String source, String reference, Instant at, long job) {}

    record Inserted(long id, String reference) {}

    private final JdbcClient jdbc;
    private final JdbcClient read;
    private final NamedParameterJdbcTemplate batch;
    private final CaseDetails details;

    private final java.time.Clock clock;

    CaseRepository(
            JdbcClient jdbc,
            org.hearken.platform.ReadDatabase read,
            NamedParameterJdbcTemplate batch,
            CaseDetails details,
            java.time.Clock clock) {
        this.jdbc = jdbc;
        this.read = read.jdbc();
        this.batch = batch;
        this.details = details;
        this.clock = clock;
    }

    Inserted insert(NewRow row) {
        OpenCase o = row.open();
        CustomerContact customer = o.customer();
        // One round trip: the case and its first handlers (owner and logger) together.
        return jdbc.sql("""
                        with c as (
                        insert into cases (reference, kind, channel, status, received_at, logged_at, subject, description,
                            customer_name, customer_email, customer_phone, customer_address, preferred_reply, customer_id,
                            department_id, owner_id, confidential, logged_by, policy_version_id, policy_version,
                            acknowledge_by, first_response_by, respond_by, respond_by_original, expected_by, subject_staff,
                            product, sent_at, pack_route, import_source, import_reference, imported_at, import_job,
                            updated_at, client_id, client_managers)
                        values (case_reference(:referenceStem, nextval('case_reference_seq')), :kind, :channel, 'RECEIVED',
                            :receivedAt, :loggedAt, :subject, :description,
                            :customerName, :customerEmail, :customerPhone, :customerAddress, :preferredReply, :customerId,
                            :departmentId, :ownerId, :confidential, :loggedBy, :policyVersionId, :policyVersion,
                            :acknowledgeBy, :firstResponseBy, :respondBy, :respondBy, :respondBy, :subjectStaff,
                            :product, :sentAt, :packRoute, :importSource, :importReference, :importedAt, :importJob,
                            :loggedAt, :clientId, :clientManagers)
                        returning id, reference),
                        h as (
                        insert into case_handler (case_id, staff_id)
                        select id, :ownerId from c union select id, :loggedBy from c)
                        select id, reference from c""")
                .param("referenceStem", row.referenceStem())
                .param("kind", o.kind().name())
                .param("channel", o.channel().name())
                .param("receivedAt", ts(o.receivedAt()))
                .param("loggedAt", ts(row.loggedAt()))
                .param("subject", o.subject())
                .param("description", o.description())
                .param("customerName", customer.name())
                .param("customerEmail", customer.email())
                .param("customerPhone", customer.phone())
                .param("customerAddress", customer.postalAddress())
                .param("preferredReply", customer.preferredReply().name())
                .param("customerId", o.customerId())
                .param("clientId", o.client() == null ? null : o.client().clientId())
                .param(
                        "clientManagers",
                        o.client() == null ? new Long[0] : o.client().managers().toArray(Long[]::new))
                .param("departmentId", row.departmentId())
                .param("ownerId", row.ownerId())
                .param("confidential", o.confidential())
                .param("loggedBy", row.loggedBy())
                .param("policyVersionId", row.policyVersionId())
                .param("policyVersion", row.policyVersion())
                .param("acknowledgeBy", ts(row.acknowledgeBy()))
                .param("firstResponseBy", ts(row.firstResponseBy()))
                .param("respondBy", ts(row.respondBy()))
                .param("subjectStaff", row.subjectStaff())
                .param("product", o.product())
                .param("sentAt", ts(o.sentAt()))
                .param("packRoute", row.packRoute())
                .param(
                        "importSource",
                        row.imported() == null ? null : row.imported().source())
                .param(
                        "importReference",
                        row.imported() == null ? null : row.imported().reference())
                .param(
                        "importedAt",
                        row.imported() == null ? null : ts(row.imported().at()))
                .param(
                        "importJob",
                        row.imported() == null ? null : row.imported().job())
                .query(Inserted.class)
                .single();
    }

    /**
     * Sets the client and its managers on every case whose {@code column} (customer_id or client_id) is {@code id};
     * {@code link} null for none. Touches only the cases that change.
     */
    int linkClient(String column, long id, ClientLink link) {
        if (!column.equals("customer_id") && !column.equals("client_id")) {
            throw new IllegalArgumentException(column);
        }
        return jdbc.sql("update cases set client_id = :client, client_managers = :managers where " + column
                        + " = :id and (client_id is distinct from :client or client_managers <> :managers)")
                .param("client", link == null ? null : link.clientId())
                .param("managers", link == null ? new Long[0] : link.managers().toArray(Long[]::new))
                .param("id", id)
                .update();
    }

    /** Of {@code references} from {@code source}, those already imported, each with its case's reference. */
    Map<String, String> imported(String source, Collection<String> references) {
        Map<String, String> found = new HashMap<>();
        if (references.isEmpty()) {
            return found;
        }
        jdbc.sql("select import_reference, reference from cases where import_source = ? and import_reference = any(?)")
                .params(source, references.toArray(String[]::new))
                .query((rs, n) -> found.put(rs.getString(1), rs.getString(2)))
                .list();
        return found;
    }

    List<Long> complaintsAbout(long staffId) {
        return jdbc.sql("select id from cases where ? = any(subject_staff)")
                .param(staffId)
                .query(Long.class)
                .list();
    }

    Optional<CaseRecord> findById(long id) {
        return jdbc.sql(CaseRecord.SELECT + " where c.id = ?")
                .param(id)
                .query(CaseRecord.class)
                .optional();
    }

    Optional<CaseRecord> findByReference(String reference) {
        return jdbc.sql(CaseRecord.SELECT + " where c.reference = ?")
                .param(reference)
                .query(CaseRecord.class)
                .optional();
    }

    /**
     * The case as the lifecycle changes it: its row, and whatever else its rules read (who handled it, its remedies,
     * its category and improvement status). The stages are read from the columns that hold them today.
     */
    Case aggregate(CaseRecord r, Case.Terms terms) {
        record Extras(
                String category,
                ImprovementStatus improvementStatus,
                String improvementNote,
                Instant improvementChangedAt,
                Long improvementChangedBy,
                Long referredBy,
                List<Long> handlers,
                Map<Long, RemedyStatus> remedies) {}
        Extras x = jdbc.sql("""
                        select c.category, c.improvement_status, c.improvement_note, c.improvement_changed_at,
                               c.improvement_changed_by, c.referred_by,
                               (select string_agg(h.staff_id::text, ',') from case_handler h where h.case_id = c.id) as handlers,
                               (select string_agg(m.id || ':' || m.status, ',') from case_remedy m where m.case_id = c.id) as remedies
                        from cases c where c.id = ?""")
                .param(r.id())
                .query((rs, n) -> {
                    Map<Long, RemedyStatus> remedies = new java.util.LinkedHashMap<>();
                    String rm = rs.getString("remedies");
                    if (rm != null) {
                        for (String pair : rm.split(",")) {
                            String[] kv = pair.split(":");
                            remedies.put(Long.valueOf(kv[0]), RemedyStatus.valueOf(kv[1]));
                        }
                    }
                    String hs = rs.getString("handlers");
                    String improvement = rs.getString("improvement_status");
                    Timestamp changedAt = rs.getTimestamp("improvement_changed_at");
                    return new Extras(
                            rs.getString("category"),
                            improvement == null ? null : ImprovementStatus.valueOf(improvement),
                            rs.getString("improvement_note"),
                            changedAt == null ? null : changedAt.toInstant(),
                            rs.getObject("improvement_changed_by", Long.class),
                            rs.getObject("referred_by", Long.class),
                            hs == null
                                    ? List.of()
                                    : java.util.Arrays.stream(hs.split(","))
                                            .map(Long::valueOf)
                                            .toList(),
                            remedies);
                })
                .single();
        Instant anchor = r.receivedAt();
        List<Stage> stages = List.of(
                new Stage(
                        Stage.Kind.ACKNOWLEDGE,
                        anchor,
                        r.acknowledgeBy(),
                        r.acknowledgeBy(),
                        r.acknowledgedAt(),
                        r.acknowledgeOutcome()),
                new Stage(
                        Stage.Kind.FIRST_RESPONSE,
                        anchor,
                        r.firstResponseBy(),
                        r.firstResponseBy(),
                        r.firstResponseAt(),
                        null),
                new Stage(
                        Stage.Kind.RESPOND,
                        r.reopenCount() == 0 ? anchor : null,
                        r.respondBy(),
                        r.respondByOriginal(),
                        r.respondCompletedAt(),
                        r.respondOutcome()),
                new Stage(
                        Stage.Kind.REVIEW,
                        r.reviewAcknowledgedAt() != null ? r.reviewAcknowledgedAt() : r.reviewRequestedAt(),
                        r.reviewBy(),
                        r.reviewByOriginal(),
                        r.reviewedAt(),
                        r.reviewOutcome()),
                new Stage(Stage.Kind.DECIDE, r.acknowledgedAt(), r.decideBy(), r.decideBy(), r.decidedAt(), null),
                new Stage(Stage.Kind.UPDATE, r.lastUpdateAt(), r.updateBy(), r.updateBy(), null, null),
                new Stage(
                        Stage.Kind.REVIEW_ACKNOWLEDGE,
                        r.reviewRequestedAt(),
                        r.reviewAcknowledgeBy(),
                        r.reviewAcknowledgeBy(),
                        r.reviewAcknowledgedAt(),
                        null));
        Case.Review review = r.reviewRequestedAt() == null && r.reviewerId() == null && r.reviewDecision() == null
                ? null
                : new Case.Review(
                        r.reviewRequestedAt(),
                        r.reviewReason(),
                        r.reviewerId() == null
                                ? null
                                : new Case.Person(r.reviewerId(), r.reviewerUsername(), r.reviewerName()),
                        r.reviewDecision());
        Case.Referral referral = r.pendingOwnerId() == null
                ? null
                : new Case.Referral(
                        new Case.Person(r.pendingOwnerId(), r.pendingOwnerUsername(), r.pendingOwnerName()),
                        new Case.Team(r.pendingDepartmentId(), r.pendingDepartmentCode(), r.pendingDepartmentName()),
                        r.referralNote(),
                        r.referredAt(),
                        x.referredBy(),
                        r.referredByUsername());
        return new Case(
                r.id(),
                r.reference(),
                r.kind(),
                r.channel(),
                r.receivedAt(),
                r.confidential(),
                r.loggedBy(),
                terms,
                r.version(),
                r.status(),
                new Case.Person(r.ownerId(), r.ownerUsername(), r.ownerName()),
                new Case.Team(r.departmentId(), r.departmentCode(), r.departmentName()),
                referral,
                stages,
                r.acknowledgedVia(),
                r.respondedAt(),
                r.outcome(),
                r.firstContactResolution(),
                x.category(),
                r.expectedBy(),
                r.closedAt(),
                r.reopenCount(),
                review,
                new Case.Improvement(
                        x.improvementStatus(), x.improvementNote(), x.improvementChangedAt(), x.improvementChangedBy()),
                r.namedStaff(),
                r.subjectStaff(),
                java.util.Set.copyOf(x.handlers()),
                x.remedies(),
                r.clientManagers());
    }

    /** Identifiers for remedies about to be offered, so that the events offering them can name them. */
    List<Long> reserveRemedyIds(int count) {
        if (count == 0) {
            return List.of();
        }
        return jdbc.sql("select nextval(pg_get_serial_sequence('case_remedy', 'id')) from generate_series(1, ?)")
                .param(count)
                .query(Long.class)
                .list();
    }

    /**
     * Saves what an action changed, if the case is still at the version it was read at; otherwise someone else changed
     * it first and the caller gets a 409 instead of overwriting their change. The case's row is written whole from the
     * new state, in this one statement, whatever the action was; the records it accumulates follow.
     */
    /**
     * The customer wrote on the open case at {@code at}: "customer replied" until someone who may act on it opens it. A
     * marker for the lists, not a change of the case (its version stays, so nobody's form goes stale).
     */
    /** How many times the stage ({@code RESPOND}, {@code REVIEW}) of the case was extended. */
    int extensions(long caseId, String stage) {
        return details.extensions(caseId, stage);
    }

    /** Which of its policy version's pack routes governs the case now (a reclassified case may change pack). */
    void setPackRoute(long caseId, Integer route) {
        jdbc.sql("update cases set pack_route = ? where id = ?")
                .params(route, caseId)
                .update();
    }

    void markCustomerReplied(long caseId, Instant at) {
        jdbc.sql("update cases set customer_replied_at = greatest(customer_replied_at, ?) where id = ?")
                .params(ts(at), caseId)
                .update();
    }

    /** Someone who may act on the case has opened it: its customer's replies are read. */
    void markRepliesRead(long caseId) {
        jdbc.sql("update cases set customer_replied_at = null where id = ? and customer_replied_at is not null")
                .param(caseId)
                .update();
    }

    void save(CaseChange change) {
        Case c = change.after();
        Map<String, Object> p = state(c);
        p.put("expectedVersion", change.before().version());
        p.put("updatedAt", ts(clock.instant()));
        int updated = jdbc.sql("""
                        update cases set kind = :kind, channel = :channel,
                            status = :status, owner_id = :ownerId, department_id = :departmentId,
                            pending_owner_id = :pendingOwnerId, pending_department_id = :pendingDepartmentId,
                            referral_note = :referralNote, referred_by = :referredBy, referred_at = :referredAt,
                            acknowledge_by = :acknowledgeBy, acknowledged_at = :acknowledgedAt,
                            acknowledged_via = :acknowledgedVia, acknowledge_outcome = :acknowledgeOutcome,
                            first_response_by = :firstResponseBy, first_response_at = :firstResponseAt,
                            respond_by = :respondBy, respond_by_original = :respondByOriginal,
                            respond_completed_at = :respondCompletedAt, respond_outcome = :respondOutcome,
                            responded_at = :respondedAt, outcome = :outcome,
                            first_contact_resolution = :firstContactResolution, category = :category,
                            expected_by = :expectedBy, closed_at = :closedAt, reopen_count = :reopenCount,
                            review_requested_at = :reviewRequestedAt, review_reason = :reviewReason,
                            reviewer_id = :reviewerId, review_decision = :reviewDecision, review_by = :reviewBy,
                            review_by_original = :reviewByOriginal, reviewed_at = :reviewedAt,
                            review_outcome = :reviewOutcome, review_acknowledge_by = :reviewAcknowledgeBy,
                            review_acknowledged_at = :reviewAcknowledgedAt, decide_by = :decideBy,
                            decided_at = :decidedAt, update_by = :updateBy, last_update_at = :lastUpdateAt,
                            improvement_status = :improvementStatus,
                            improvement_note = :improvementNote, improvement_changed_at = :improvementChangedAt,
                            improvement_changed_by = :improvementChangedBy, named_staff = :named,
                            subject_staff = :subjects, version = version + 1,
                            updated_at = greatest(updated_at, :updatedAt)
                        where id = :id and version = :expectedVersion""").params(p).update();
        if (updated != 1) {
            throw new ConflictException(
                    "The case was changed by someone else meanwhile. Reload it and try again.",
                    Map.of("reference", c.reference()));
        }
        for (Long handler : c.handlers()) {
            if (!change.before().handledBy(handler)) {
                addHandler(c.id(), handler);
            }
        }
        for (CaseChange.Detail detail : change.details()) {
            switch (detail) {
                case CaseChange.NewResponse r -> details.addResponse(c.id(), r);
                case CaseChange.NewRemedy r -> details.addRemedy(c.id(), r);
                case CaseChange.RemedyDecided r -> details.updateRemedy(c.id(), r.id(), r.status(), r.at());
                case CaseChange.NewExtension e -> details.addExtension(c.id(), e);
            }
        }
    }

    /** A new case whose row was decided whole beforehand (an imported one, with its history): row and state. */
    record Whole(NewRow row, Case state) {}

    /** Identifiers and references for {@code count} new cases, so that their rows can be decided before writing. */
    List<Inserted> reserve(String referenceStem, int count) {
        if (count == 0) {
            return List.of();
        }
        return jdbc.sql("""
                        select nextval(pg_get_serial_sequence('cases', 'id')) as id,
                               case_reference(?, nextval('case_reference_seq')) as reference
                        from generate_series(1, ?) order by 1""").params(referenceStem, count).query(Inserted.class).list();
    }

    /**
     * Inserts new cases decided whole (with the identifiers and references {@link #reserve} gave them), in one batch:
     * the same columns as a new case and as {@link #save}, and their first handlers.
     */
    void insertWhole(List<Whole> cases) {
        if (cases.isEmpty()) {
            return;
        }
        List<Map<String, Object>> rows = new java.util.ArrayList<>(cases.size());
        List<Map<String, Object>> handlers = new java.util.ArrayList<>();
        for (Whole w : cases) {
            Case c = w.state();
            Map<String, Object> p = state(c);
            NewRow row = w.row();
            OpenCase o = row.open();
            CustomerContact customer = o.customer();
            p.put("reference", c.reference());
            p.put("receivedAt", ts(o.receivedAt()));
            p.put("loggedAt", ts(row.loggedAt()));
            p.put("subject", o.subject());
            p.put("description", o.description());
            p.put("customerName", customer.name());
            p.put("customerEmail", customer.email());
            p.put("customerPhone", customer.phone());
            p.put("customerAddress", customer.postalAddress());
            p.put("preferredReply", customer.preferredReply().name());
            p.put("customerId", o.customerId());
            p.put("confidential", o.confidential());
            p.put("loggedBy", row.loggedBy());
            p.put("policyVersionId", row.policyVersionId());
            p.put("policyVersion", row.policyVersion());
            p.put("product", o.product());
            p.put("sentAt", ts(o.sentAt()));
            p.put("packRoute", row.packRoute());
            ImportMark mark = row.imported();
            p.put("importSource", mark == null ? null : mark.source());
            p.put("importReference", mark == null ? null : mark.reference());
            p.put("importedAt", mark == null ? null : ts(mark.at()));
            p.put("importJob", mark == null ? null : mark.job());
            rows.add(p);
            for (Long handler : c.handlers()) {
                handlers.add(Map.of("caseId", c.id(), "staffId", handler));
            }
        }
        batch.batchUpdate("""
                insert into cases (id, reference, kind, channel, status, received_at, logged_at, subject, description,
                    customer_name, customer_email, customer_phone, customer_address, preferred_reply, customer_id,
                    department_id, owner_id, confidential, logged_by, policy_version_id, policy_version, product, sent_at,
                    pack_route, import_source, import_reference, imported_at, import_job,
                    pending_owner_id, pending_department_id, referral_note, referred_by, referred_at,
                    acknowledge_by, acknowledged_at, acknowledged_via, acknowledge_outcome,
                    first_response_by, first_response_at, respond_by, respond_by_original, respond_completed_at,
                    respond_outcome, responded_at, outcome, first_contact_resolution, category, expected_by, closed_at,
                    reopen_count, review_requested_at, review_reason, reviewer_id, review_decision, review_by,
                    review_by_original, reviewed_at, review_outcome, review_acknowledge_by, review_acknowledged_at,
                    decide_by, decided_at, update_by, last_update_at, improvement_status, improvement_note,
                    improvement_changed_at, improvement_changed_by, named_staff, subject_staff, updated_at)
                overriding system value
                values (:id, :reference, :kind, :channel, :status, :receivedAt, :loggedAt, :subject, :description,
                    :customerName, :customerEmail, :customerPhone, :customerAddress, :preferredReply, :customerId,
                    :departmentId, :ownerId, :confidential, :loggedBy, :policyVersionId, :policyVersion, :product, :sentAt,
                    :packRoute, :importSource, :importReference, :importedAt, :importJob,
                    :pendingOwnerId, :pendingDepartmentId, :referralNote, :referredBy, :referredAt,
                    :acknowledgeBy, :acknowledgedAt, :acknowledgedVia, :acknowledgeOutcome,
                    :firstResponseBy, :firstResponseAt, :respondBy, :respondByOriginal, :respondCompletedAt,
                    :respondOutcome, :respondedAt, :outcome, :firstContactResolution, :category, :expectedBy, :closedAt,
                    :reopenCount, :reviewRequestedAt, :reviewReason, :reviewerId, :reviewDecision, :reviewBy,
                    :reviewByOriginal, :reviewedAt, :reviewOutcome, :reviewAcknowledgeBy, :reviewAcknowledgedAt,
                    :decideBy, :decidedAt, :updateBy, :lastUpdateAt, :improvementStatus, :improvementNote,
                    :improvementChangedAt, :improvementChangedBy, :named, :subjects, :loggedAt)""", org.springframework.jdbc.core.namedparam.SqlParameterSourceUtils.createBatch(rows));
        batch.batchUpdate(
                "insert into case_handler (case_id, staff_id) values (:caseId, :staffId) on conflict do nothing",
                org.springframework.jdbc.core.namedparam.SqlParameterSourceUtils.createBatch(handlers));
    }

    /** The columns of the case's state, by parameter name, as {@link #save} and {@link #insertWhole} write them. */
    private static Map<String, Object> state(Case c) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", c.id());
        p.put("kind", c.kind().name());
        p.put("channel", c.channel().name());
        p.put("status", c.status().name());
        p.put("ownerId", c.owner().id());
        p.put("departmentId", c.department().id());
        Case.Referral referral = c.referral();
        p.put("pendingOwnerId", referral == null ? null : referral.to().id());
        p.put(
                "pendingDepartmentId",
                referral == null ? null : referral.department().id());
        p.put("referralNote", referral == null ? null : referral.note());
        p.put("referredBy", referral == null ? null : referral.byId());
        p.put("referredAt", referral == null ? null : ts(referral.at()));
        Stage acknowledge = c.stage(Stage.Kind.ACKNOWLEDGE);
        p.put("acknowledgeBy", ts(acknowledge.due()));
        p.put("acknowledgedAt", ts(acknowledge.completedAt()));
        p.put("acknowledgedVia", name(c.acknowledgedVia()));
        p.put("acknowledgeOutcome", name(acknowledge.outcome()));
        Stage first = c.stage(Stage.Kind.FIRST_RESPONSE);
        p.put("firstResponseBy", ts(first.due()));
        p.put("firstResponseAt", ts(first.completedAt()));
        Stage respond = c.stage(Stage.Kind.RESPOND);
        p.put("respondBy", ts(respond.due()));
        p.put("respondByOriginal", ts(respond.originalDue()));
        p.put("respondCompletedAt", ts(respond.completedAt()));
        p.put("respondOutcome", name(respond.outcome()));
        p.put("respondedAt", ts(c.respondedAt()));
        p.put("outcome", name(c.outcome()));
        p.put("firstContactResolution", c.firstContactResolution());
        p.put("category", c.category());
        p.put("expectedBy", ts(c.expectedBy()));
        p.put("closedAt", ts(c.closedAt()));
        p.put("reopenCount", c.reopenCount());
        Case.Review review = c.review();
        p.put("reviewRequestedAt", review == null ? null : ts(review.requestedAt()));
        p.put("reviewReason", review == null ? null : review.reason());
        p.put(
                "reviewerId",
                review == null || review.reviewer() == null
                        ? null
                        : review.reviewer().id());
        p.put("reviewDecision", review == null ? null : name(review.decision()));
        Stage reviewStage = c.stage(Stage.Kind.REVIEW);
        p.put("reviewBy", ts(reviewStage.due()));
        p.put("reviewByOriginal", ts(reviewStage.originalDue()));
        p.put("reviewedAt", ts(reviewStage.completedAt()));
        p.put("reviewOutcome", name(reviewStage.outcome()));
        Stage decide = c.stage(Stage.Kind.DECIDE);
        p.put("decideBy", ts(decide.due()));
        p.put("decidedAt", ts(decide.completedAt()));
        Stage update = c.stage(Stage.Kind.UPDATE);
        p.put("updateBy", ts(update.due()));
        p.put("lastUpdateAt", ts(update.anchor()));
        Stage reviewAcknowledge = c.stage(Stage.Kind.REVIEW_ACKNOWLEDGE);
        p.put("reviewAcknowledgeBy", ts(reviewAcknowledge.due()));
        p.put("reviewAcknowledgedAt", ts(reviewAcknowledge.completedAt()));
        Case.Improvement improvement = c.improvement();
        p.put("improvementStatus", name(improvement.status()));
        p.put("improvementNote", improvement.note());
        p.put("improvementChangedAt", ts(improvement.changedAt()));
        p.put("improvementChangedBy", improvement.changedBy());
        p.put("named", c.named().toArray(Long[]::new));
        p.put("subjects", c.subjects().toArray(Long[]::new));
        return p;
    }

    private static String name(Enum<?> e) {
        return e == null ? null : e.name();
    }

    void addHandler(long caseId, long staffId) {
        jdbc.sql("insert into case_handler (case_id, staff_id) values (?, ?) on conflict do nothing")
                .params(caseId, staffId)
                .update();
    }

    /** The active executive who has not handled the case, whom it is not about, with the fewest reviews in hand. */
    Optional<org.hearken.identity.StaffMember> leastBusyReviewer(long caseId) {
        return jdbc.sql("""
                        select s.id, s.username, s.full_name, s.email, s.active
                        from staff_directory s
                        join staff_directory_role r on r.staff_id = s.id and r.role = 'EXECUTIVE'
                        where s.active and not exists (select 1 from case_handler h where h.case_id = ? and h.staff_id = s.id)
                          and not s.id = any(select unnest(subject_staff) from cases where id = ?)
                        order by (select count(*) from cases x where x.reviewer_id = s.id and x.status = 'UNDER_REVIEW'), s.id
                        limit 1""")
                .param(caseId)
                .param(caseId)
                .query(org.hearken.identity.StaffMember.class)
                .optional();
    }

    List<CaseRecord> search(CaseQuery q, Long afterId, Actor actor) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = filters(q, actor, params);
        if (afterId != null) {
            where.append(" and c.id < :afterId");
            params.put("afterId", afterId);
        }
        params.put("limit", q.limit() + 1);
        return jdbc.sql(CaseRecord.SELECT + newestFirst(where))
                .params(params)
                .query(CaseRecord.class)
                .list();
    }

    /**
     * The cases the actor may see changed at or after {@code q.updatedSince()} (and after the cursor's time and id), in
     * the order of their last change and then their id: at most {@code limit + 1}, so the caller knows if more follow.
     */
    List<CaseRecord> changedSince(CaseQuery q, Instant afterAt, Long afterId, int limit, Actor actor) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = filters(q, actor, params);
        where.append(" and c.updated_at >= :updatedSince");
        params.put("updatedSince", ts(q.updatedSince()));
        if (afterAt != null) {
            where.append(" and (c.updated_at, c.id) > (:afterAt, :afterId)");
            params.put("afterAt", ts(afterAt));
            params.put("afterId", afterId);
        }
        params.put("limit", limit + 1);
        return jdbc.sql(CaseRecord.SELECT
                        + " where c.id = any(array(select c.id from cases c" + where
                        + " order by c.updated_at, c.id limit :limit)) order by c.updated_at, c.id")
                .params(params)
                .query(CaseRecord.class)
                .list();
    }

    /** The visibility rule and the filters of a case query, as a where clause over {@code cases c}. */
    private static StringBuilder filters(CaseQuery q, Actor actor, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" where ").append(CaseAccess.sqlCondition(actor, params));
        if (q.status() != null) {
            where.append(" and c.status = :status");
            params.put("status", q.status().name());
        }
        if (q.kind() != null) {
            where.append(" and c.kind = :kind");
            params.put("kind", q.kind().name());
        }
        if (q.channel() != null) {
            where.append(" and c.channel = :channel");
            params.put("channel", q.channel().name());
        }
        if (q.department() != null) {
            where.append(" and c.department_id = (select id from department_directory where code = :department)");
            params.put("department", q.department());
        }
        if (q.owner() != null) {
            where.append(" and c.owner_id = (select id from staff_directory where username = lower(:owner))");
            params.put("owner", q.owner());
        }
        if (q.customerId() != null) {
            where.append(" and c.customer_id = :customerId");
            params.put("customerId", q.customerId());
        }
        if (q.receivedFrom() != null) {
            where.append(" and c.received_at >= :receivedFrom");
            params.put("receivedFrom", ts(q.receivedFrom()));
        }
        if (q.receivedTo() != null) {
            where.append(" and c.received_at < :receivedTo");
            params.put("receivedTo", ts(q.receivedTo()));
        }
        return where;
    }

    /** A case of a staff list with its due-date state, and which segment of the queue it came from (-1: no segments). */
    record ListRow(CaseRecord c, DueState dueState, Instant nextDue, int segment) {}

    private static final RowMapper<CaseRecord> RECORD = new SimplePropertyRowMapper<>(CaseRecord.class);

    /** The case columns plus its next due date and due-date state. */
    private static final String LIST_SELECT;

    static {
        if (!CaseRecord.SELECT.startsWith("select ")) {
            throw new IllegalStateException("CaseRecord.SELECT must start with 'select '");
        }
        LIST_SELECT = "select " + DueStates.NEXT_DUE + " as next_due, " + DueStates.STATE + " as due_state, "
                + CaseRecord.SELECT.substring("select ".length());
    }

    /**
     * One walk of a staff list, newest first, within what the actor may see. {@code segment} splits the queue: 0 the new
     * cases and referrals waiting for the actor's departments, 1 the others; -1 for lists without segments.
     */
    List<ListRow> list(
            CaseListQuery q, int segment, Long afterId, int limit, Actor actor, Instant now, Instant endOfToday) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = new StringBuilder(" where ").append(CaseAccess.sqlCondition(actor, params));
        params.put("dueNow", ts(now));
        params.put("dueEndOfToday", ts(endOfToday));
        switch (q.scope()) {
            case MINE -> {
                where.append(" and (c.owner_id = :listMe or c.pending_owner_id = :listMe)");
                params.put("listMe", actor.staffId());
            }
            case QUEUE -> {
                where.append(
                        " and (c.department_id in (:listDepartments) or c.pending_department_id in (:listDepartments))");
                params.put("listDepartments", List.copyOf(actor.departmentIds()));
                String incoming =
                        "(c.status = 'RECEIVED' or coalesce(c.pending_department_id in (:listDepartments), false))";
                if (segment == 0) {
                    where.append(" and ").append(incoming);
                } else if (segment == 1) {
                    where.append(" and not ").append(incoming);
                }
            }
            case ALL -> {}
        }
        CaseListQuery.StatusFilter status = q.status() == null ? CaseListQuery.StatusFilter.OPEN : q.status();
        switch (status) {
            case OPEN -> where.append(" and c.status <> 'CLOSED'");
            case CLOSED -> where.append(" and c.status = 'CLOSED'");
            case ANY -> {}
            default -> {
                where.append(" and c.status = :listStatus");
                params.put("listStatus", status.name());
            }
        }
        if (q.kind() != null) {
            where.append(" and c.kind = :listKind");
            params.put("listKind", q.kind().name());
        }
        if (q.channel() != null) {
            where.append(" and c.channel = :listChannel");
            params.put("listChannel", q.channel().name());
        }
        if (q.department() != null) {
            where.append(" and c.department_id = (select id from department_directory where code = :listDepartment)");
            params.put("listDepartment", q.department());
        }
        if (q.owner() != null) {
            where.append(" and c.owner_id = (select id from staff_directory where username = lower(:listOwner))");
            params.put("listOwner", q.owner());
        }
        if (q.due() != null) {
            where.append(" and ").append(DueStates.is(q.due()));
            params.put("listDue", q.due().name());
        }
        if (q.clientId() != null) {
            where.append(" and c.client_id = :listClient");
            params.put("listClient", q.clientId());
        }
        if (q.customerId() != null) {
            where.append(" and c.customer_id = :listCustomer");
            params.put("listCustomer", q.customerId());
        }
        if (afterId != null) {
            where.append(" and c.id < :afterId");
            params.put("afterId", afterId);
        }
        params.put("limit", limit);
        return jdbc.sql(LIST_SELECT + newestFirst(where))
                .params(params)
                .query((rs, n) -> listRow(rs, n, segment))
                .list();
    }

    /**
     * How many of the newest cases (below the cursor) a search tests one by one before it turns to the indexes for the
     * older ones. Words found in many of the reader's cases fill a page from the newest few hundred; words found in
     * none of them cost this many tests and then the indexes' answer, which holds few cases because the newest ones
     * held so few.
     */
    static final int SEARCH_WINDOW = 5000;

    /**
     * Cases the actor may see whose customer name or e-mail contains {@code text}, whose customer phone contains its
     * digits, or whose subject and description match its words; newest first.
     *
     * <p>Two ways to the same answer, in one statement, so that neither kind of search is slow: first the newest
     * {@link #SEARCH_WINDOW} cases below the cursor, tested one by one, newest first (quick when the matches the reader
     * may see are many); only if those hold less than a page, the older cases, found through the search index (V220),
     * which intersects each alternative with the reader's access keys before any case is fetched (quick when they are
     * few). Both test every case they keep with the one visibility rule.
     */
    List<ListRow> searchText(String text, Long afterId, int limit, Actor actor, Instant now, Instant endOfToday) {
        return searchText(text, afterId, limit, SEARCH_WINDOW, actor, now, endOfToday);
    }

    /** {@link #searchText(String, Long, int, Actor, Instant, Instant)} testing the newest {@code window} cases first. */
    List<ListRow> searchText(
            String text, Long afterId, int limit, int window, Actor actor, Instant now, Instant endOfToday) {
        Map<String, Object> params = new HashMap<>();
        String visible = CaseAccess.sqlCondition(actor, params);
        params.put("dueNow", ts(now));
        params.put("dueEndOfToday", ts(endOfToday));
        params.put(
                "pattern", "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        params.put("words", text);
        StringBuilder match = new StringBuilder(
                        " and (c.customer_name ilike :pattern or c.customer_email ilike :pattern")
                .append(" or c.search_words @@ websearch_to_tsquery('english', :words)");
        String digits = text.replaceAll("[^0-9]", "");
        if (digits.length() >= 3 && text.matches("[+0-9 ()./-]+")) {
            match.append(" or regexp_replace(c.customer_phone, '[^0-9]', '', 'g') like :digits");
            params.put("digits", "%" + digits + "%");
        }
        match.append(")");
        if (afterId != null) {
            params.put("afterId", afterId);
        }
        params.put("limit", limit);
        params.put("window", window);
        String sql = """
                with recent as materialized (
                         select id from cases%s order by id desc limit :window),
                     hits as materialized (
                         select c.id from cases c
                         where c.id = any(array(select id from recent)) and %s%s
                         order by c.id desc limit :limit),
                     older as materialized (
                         select c.id from cases c
                         where (select count(*) from hits) < :limit and (select count(*) from recent) = :window
                           and c.id < (select min(id) from recent) and %s%s%s)
                """.formatted(
                                afterId == null ? "" : " where id < :afterId",
                                visible,
                                match,
                                visible,
                                CaseAccess.sqlIndexedNarrowing(actor),
                                match)
                + LIST_SELECT
                + """
                 where c.id = any(array(select id from (select id from hits union all select id from older) found
                                        order by id desc limit :limit))
                order by c.id desc""";
        return read.sql(sql).params(params).query((rs, n) -> listRow(rs, n, -1)).list();
    }

    Optional<ListRow> listItem(String reference, Actor actor, Instant now, Instant endOfToday) {
        Map<String, Object> params = new HashMap<>();
        String access = CaseAccess.sqlCondition(actor, params);
        params.put("dueNow", ts(now));
        params.put("dueEndOfToday", ts(endOfToday));
        params.put("reference", reference);
        return jdbc.sql(LIST_SELECT + " where c.reference = :reference and " + access)
                .params(params)
                .query((rs, n) -> listRow(rs, n, -1))
                .optional();
    }

    /**
     * A page of the cases that match {@code where}, newest first, {@code :limit} of them: the page's ids first, from the
     * case rows alone, then those cases with the names of their people and departments. Otherwise a search that matches
     * many cases would look up every match's people and departments before sorting them and keeping a page.
     */
    private static String newestFirst(CharSequence where) {
        return " where c.id = any(array(select c.id from cases c" + where
                + " order by c.id desc limit :limit)) order by c.id desc";
    }

    private static ListRow listRow(java.sql.ResultSet rs, int n, int segment) throws java.sql.SQLException {
        Timestamp next = rs.getTimestamp("next_due");
        return new ListRow(
                RECORD.mapRow(rs, n),
                DueState.valueOf(rs.getString("due_state")),
                next == null ? null : next.toInstant(),
                segment);
    }

    /** Those of the customers with at least one case the actor may see. */
    /** Of these customers, those with a case the actor may see, with what those cases say about them. */
    List<CustomerCases> visibleCustomerCases(Collection<Long> customerIds, Actor actor) {
        Map<String, Object> params = new HashMap<>();
        String access = CaseAccess.sqlCondition(actor, params);
        params.put("customerIds", List.copyOf(customerIds));
        record Row(long customerId, CustomerContact contact, Instant firstLoggedAt) {}
        // Each different set of details once, with its newest case for the order; a customer rarely gives many.
        List<Row> rows = jdbc.sql("""
                        select c.customer_id, c.customer_name, c.customer_email, c.customer_phone, c.customer_address,
                               c.preferred_reply, min(c.logged_at) as first_logged, max(c.id) as newest
                        from cases c
                        where c.customer_id in (:customerIds) and %s
                        group by 1, 2, 3, 4, 5, 6
                        order by 1, newest desc""".formatted(access))
                .params(params)
                .query((rs, n) -> new Row(
                        rs.getLong(1),
                        new CustomerContact(
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getString(5),
                                rs.getString(6) == null ? null : PreferredReply.valueOf(rs.getString(6))),
                        rs.getTimestamp(7).toInstant()))
                .list();
        Map<Long, List<Row>> byCustomer = new java.util.LinkedHashMap<>();
        rows.forEach(r -> byCustomer
                .computeIfAbsent(r.customerId(), k -> new java.util.ArrayList<>())
                .add(r));
        return byCustomer.entrySet().stream()
                .map(e -> new CustomerCases(
                        e.getKey(),
                        e.getValue().stream().map(Row::contact).toList(),
                        e.getValue().stream()
                                .map(Row::firstLoggedAt)
                                .min(Instant::compareTo)
                                .orElseThrow()))
                .toList();
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
