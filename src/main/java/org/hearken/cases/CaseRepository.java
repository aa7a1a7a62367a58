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
            Long[] subjectStaff) {}

    record Inserted(long id, String reference) {}

    private final JdbcClient jdbc;

    CaseRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
                            acknowledge_by, first_response_by, respond_by, respond_by_original, expected_by, subject_staff)
                        values (case_reference(:referenceStem, nextval('case_reference_seq')), :kind, :channel, 'RECEIVED',
                            :receivedAt, :loggedAt, :subject, :description,
                            :customerName, :customerEmail, :customerPhone, :customerAddress, :preferredReply, :customerId,
                            :departmentId, :ownerId, :confidential, :loggedBy, :policyVersionId, :policyVersion,
                            :acknowledgeBy, :firstResponseBy, :respondBy, :respondBy, :respondBy, :subjectStaff)
                        returning id, reference),
                        h as (
                        insert into case_handler (case_id, staff_id)
                        select id, :ownerId from c union select id, :loggedBy from c
                        on conflict do nothing)
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
                .query(Inserted.class)
                .single();
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
     * Applies {@code set} (SQL assignments over named parameters) if the case is still at {@code version}; otherwise
     * someone else changed it first and the caller gets a 409 instead of overwriting their change.
     */
    void update(CaseRecord c, String set, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("id", c.id());
        all.put("expectedVersion", c.version());
        String assignments = set.isBlank() ? "version = version + 1" : set + ", version = version + 1";
        int updated = jdbc.sql("update cases set " + assignments + " where id = :id and version = :expectedVersion")
                .params(all)
                .update();
        if (updated != 1) {
            throw new ConflictException(
                    "The case was changed by someone else meanwhile. Reload it and try again.",
                    Map.of("reference", c.reference()));
        }
    }

    ImprovementStatus improvementStatus(long caseId) {
        return jdbc.sql("select improvement_status from cases where id = ?")
                .param(caseId)
                .query(String.class)
                .optional()
                .map(ImprovementStatus::valueOf)
                .orElse(null);
    }

    void addHandler(long caseId, long staffId) {
        jdbc.sql("insert into case_handler (case_id, staff_id) values (?, ?) on conflict do nothing")
                .params(caseId, staffId)
                .update();
    }

    boolean isHandler(long caseId, long staffId) {
        return jdbc.sql("select exists (select 1 from case_handler where case_id = ? and staff_id = ?)")
                .params(caseId, staffId)
                .query(Boolean.class)
                .single();
    }

    List<CaseRecord> search(CaseQuery q, Long afterId, Actor actor) {
        Map<String, Object> params = new HashMap<>();
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
        if (afterId != null) {
            where.append(" and c.id < :afterId");
            params.put("afterId", afterId);
        }
        params.put("limit", q.limit() + 1);
        return jdbc.sql(CaseRecord.SELECT + where + " order by c.id desc limit :limit")
                .params(params)
                .query(CaseRecord.class)
                .list();
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
            where.append(" and ").append(DueStates.STATE).append(" = :listDue");
            params.put("listDue", q.due().name());
        }
        if (afterId != null) {
            where.append(" and c.id < :afterId");
            params.put("afterId", afterId);
        }
        params.put("limit", limit);
        return jdbc.sql(LIST_SELECT + where + " order by c.id desc limit :limit")
                .params(params)
                .query((rs, n) -> listRow(rs, n, segment))
                .list();
    }

    /**
     * Cases the actor may see whose customer name or e-mail contains {@code text}, whose customer phone contains its
     * digits, or whose subject and description match its words. Each alternative has its own index (V70).
     */
    List<ListRow> searchText(String text, Long afterId, int limit, Actor actor, Instant now, Instant endOfToday) {
        Map<String, Object> params = new HashMap<>();
        StringBuilder where = new StringBuilder(" where ").append(CaseAccess.sqlCondition(actor, params));
        params.put("dueNow", ts(now));
        params.put("dueEndOfToday", ts(endOfToday));
        params.put(
                "pattern", "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        params.put("words", text);
        where.append(" and (c.customer_name ilike :pattern or c.customer_email ilike :pattern")
                .append(" or c.search_words @@ websearch_to_tsquery('english', :words)");
        String digits = text.replaceAll("[^0-9]", "");
        if (digits.length() >= 3 && text.matches("[+0-9 ()./-]+")) {
            where.append(" or regexp_replace(c.customer_phone, '[^0-9]', '', 'g') like :digits");
            params.put("digits", "%" + digits + "%");
        }
        where.append(")");
        if (afterId != null) {
            where.append(" and c.id < :afterId");
            params.put("afterId", afterId);
        }
        params.put("limit", limit);
        return jdbc.sql(LIST_SELECT + where + " order by c.id desc limit :limit")
                .params(params)
                .query((rs, n) -> listRow(rs, n, -1))
                .list();
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
