package org.hearken.clients;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.cases.CaseListPage;
import org.hearken.cases.CaseListQuery;
import org.hearken.cases.CaseManagement;
import org.hearken.correspondence.CaseCorrespondence;
import org.hearken.customers.Customer;
import org.hearken.customers.CustomerAccess;
import org.hearken.identity.Actor;
import org.hearken.platform.NotFoundException;
import org.hearken.policy.ServicePolicies;
import org.hearken.surveys.SatisfactionFigures;
import org.hearken.surveys.SurveyFilter;
import org.hearken.surveys.SurveyResults;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A client organisation as one member of staff may see it, for its page and the API: its contacts and cases, open
 * items, remedies, satisfaction over time, the latest correspondence and what the client was promised. Everything
 * about a case comes only from the cases the reader may see, by the one visibility rule: a relationship manager sees
 * every case of the client that is not confidential, a confidential one only when named on it.
 */
@Service
public class ClientFiles {

    /** The most cases, remedies and contacts one page lists. */
    static final int LISTED = 100;

    /** A remedy offered on one of the client's cases. */
    public record Remedy(
            String reference, String type, BigDecimal value, String status, Instant offeredAt, Instant decidedAt) {}

    /** An exchange with one of the client's contacts, with the reference of its case. */
    public record Exchange(
            String reference, boolean fromCustomer, String how, String kind, String subject, Instant at) {}

    /**
     * What the client is waiting for on an open case: a remedy offered or accepted, or the response by the date the
     * case's running stage falls due (as the client was told, extensions included).
     */
    public record Promise(String reference, String what, Instant by) {}

    /** The client's page for one reader; {@code hiddenContacts}: contacts none of whose cases the reader may see. */
    public record ClientFile(
            ClientOrganisation organisation,
            List<Customer> contacts,
            int hiddenContacts,
            CaseListPage cases,
            List<Remedy> remedies,
            SatisfactionFigures satisfaction,
            List<SurveyResults.Month> satisfactionByMonth,
            List<Exchange> correspondence,
            List<Promise> promised) {}

    private final Clients clients;
    private final CaseManagement cases;
    private final CustomerAccess customers;
    private final SurveyResults surveys;
    private final CaseCorrespondence correspondence;
    private final JdbcClient jdbc;
    private final ServicePolicies policies;

    ClientFiles(
            Clients clients,
            CaseManagement cases,
            CustomerAccess customers,
            SurveyResults surveys,
            CaseCorrespondence correspondence,
            JdbcClient jdbc,
            ServicePolicies policies) {
        this.policies = policies;
        this.clients = clients;
        this.cases = cases;
        this.customers = customers;
        this.surveys = surveys;
        this.correspondence = correspondence;
        this.jdbc = jdbc;
    }

    /**
     * The client's file as {@code actor} may see it; {@code status} and {@code after} choose the page of its cases.
     *
     * @throws NotFoundException when no organisation has this id
     */
    @Transactional(readOnly = true)
    public ClientFile file(long id, CaseListQuery.StatusFilter status, String after, Actor actor) {
        ZoneId zone = policies.active().policy().calendar().zone();
        ClientOrganisation o =
                clients.find(id).orElseThrow(() -> new NotFoundException("No client organisation has id " + id));
        List<Long> listed = clients.contactIds(id).stream().limit(LISTED).toList();
        List<Customer> contacts = customers.customers(listed, actor);
        int hidden = listed.size() - contacts.size() + (int) Math.max(0, o.contacts() - LISTED);
        CaseListPage page = cases.list(
                CaseListQuery.ofClient(id, status == null ? CaseListQuery.StatusFilter.ANY : status, after, 50), actor);
        java.util.Set<String> open = new java.util.HashSet<>();
        Map<Long, String> visible = visibleCases(id, actor, open);
        SurveyFilter answers =
                new SurveyFilter(SurveyFilter.DateBasis.CLOSED, null, null, null, null, null).withClient(id);
        List<Remedy> remedies = remedies(visible);
        return new ClientFile(
                o,
                contacts,
                hidden,
                page,
                remedies,
                surveys.figuresOfVisibleCases(actor, answers),
                surveys.monthlyOfVisibleCases(actor, answers, zone),
                correspondence.latest(visible.keySet(), 10).stream()
                        .map(e -> new Exchange(
                                visible.get(e.caseId()), e.fromCustomer(), e.how(), e.kind(), e.subject(), e.at()))
                        .toList(),
                promised(id, actor, remedies, open));
    }

    /** The newest cases of the client the reader may see, by id, with their references. */
    private Map<Long, String> visibleCases(long clientId, Actor actor, java.util.Set<String> open) {
        Map<String, Object> params = new HashMap<>();
        CaseManagement.visibilityParams(actor, params);
        params.put("client", clientId);
        params.put("limit", LISTED * 5);
        Map<Long, String> visible = new LinkedHashMap<>();
        jdbc.sql("""
                        select c.id, c.reference, c.status <> 'CLOSED' from case_published c
                        where c.client_id = :client and case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)
                        order by c.id desc limit :limit""")
                .params(params)
                .query((rs, n) -> {
                    if (rs.getBoolean(3)) {
                        open.add(rs.getString(2));
                    }
                    return visible.put(rs.getLong(1), rs.getString(2));
                })
                .list();
        return visible;
    }

    private List<Remedy> remedies(Map<Long, String> visible) {
        if (visible.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select r.case_id, r.type, r.value, r.status, r.offered_at, r.decided_at from report_remedy r
                        where r.case_id = any(?) order by r.offered_at desc, r.id desc limit ?""")
                .params(visible.keySet().toArray(Long[]::new), LISTED)
                .query((rs, n) -> new Remedy(
                        visible.get(rs.getLong(1)),
                        rs.getString(2),
                        rs.getBigDecimal(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()))
                .list();
    }

    /**
     * What the client's open cases are waiting for, by the due dates of their running stages (the next one first); then
     * the remedies offered and not yet answered, and those agreed on cases still open.
     */
    private List<Promise> promised(long clientId, Actor actor, List<Remedy> remedies, java.util.Set<String> open) {
        List<Promise> promised = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        CaseManagement.visibilityParams(actor, params);
        params.put("client", clientId);
        jdbc.sql("""
                        select c.reference, s.stage, s.due from case_published c
                        join case_running_stage s on s.case_id = c.id
                        where c.client_id = :client and c.status <> 'CLOSED'
                          and case_visible_to(c.parties, :reader, :readerRoles, :readerDepartments)
                        order by s.due, c.reference limit 100""")
                .params(params)
                .query((rs, n) -> promised.add(new Promise(
                        rs.getString(1),
                        stageInWords(rs.getString(2)),
                        rs.getTimestamp(3).toInstant())))
                .list();
        for (Remedy r : remedies) {
            // Offered and waiting for the client's answer, or agreed on a case still open.
            if (r.status().equals("OFFERED") || (r.status().equals("ACCEPTED") && open.contains(r.reference()))) {
                promised.add(new Promise(
                        r.reference(),
                        (r.status().equals("OFFERED") ? "a remedy offered: " : "a remedy agreed: ")
                                + r.type().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                                + (r.value() == null ? "" : " (" + r.value().toPlainString() + ")"),
                        null));
            }
        }
        return promised;
    }

    private static String stageInWords(String stage) {
        return switch (stage) {
            case "ACKNOWLEDGE" -> "an acknowledgement";
            case "FIRST_RESPONSE" -> "a first reply";
            case "RESPOND" -> "a response";
            case "REVIEW_ACKNOWLEDGE" -> "an acknowledgement of the stage-2 request";
            case "REVIEW" -> "a review decision";
            case "DECIDE" -> "a decision whether more time is needed";
            case "UPDATE" -> "a progress update";
            default -> stage.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        };
    }
}
