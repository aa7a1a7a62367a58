package org.hearken.clients;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hearken.audit.SecurityAudit;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.ClientLink;
import org.hearken.customers.Customer;
import org.hearken.identity.Actor;
import org.hearken.identity.StaffDirectory;
import org.hearken.identity.StaffMember;
import org.hearken.platform.ConflictException;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.hearken.platform.NotFoundException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The client organisations: creating, changing and merging them, their contacts, and the link of a case to its
 * contact's organisation at intake. Who looks after a client is kept on each of its cases (the cases module's
 * {@link ClientLink}), so every change of managers, contacts or a merge rewrites the link of the cases it concerns in
 * the same transaction, and is recorded in the security audit log, since it changes who sees those cases.
 */
@Service
public class Clients {

    /** Who asked for a contact to join an organisation because their e-mail address is in a domain it claims. */
    static final String BY_DOMAIN = "e-mail domain";

    /**
     * What a form or the API sends to create or change an organisation: its name, the usernames of its relationship
     * manager and deputy (blank for none) and the e-mail domains it claims.
     */
    public record Draft(String name, String manager, String deputy, List<String> domains) {}

    private final JdbcClient jdbc;
    private final StaffDirectory staff;
    private final CaseManagement cases;
    private final SecurityAudit audit;
    private final Clock clock;

    Clients(JdbcClient jdbc, StaffDirectory staff, CaseManagement cases, SecurityAudit audit, Clock clock) {
        this.jdbc = jdbc;
        this.staff = staff;
        this.cases = cases;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- reading ----------------------------------------------------------------------------------------------------

    private static final String SELECT = """
            select o.id, o.name, o.merged_into, o.created_at, o.updated_at, o.version,
                   m.id as m_id, m.username as m_username, m.full_name as m_name, m.email as m_email, m.active as m_active,
                   d.id as d_id, d.username as d_username, d.full_name as d_name, d.email as d_email, d.active as d_active,
                   array(select x.domain from client_domain x where x.organisation_id = o.id order by x.domain) as domains,
                   (select count(*) from client_contact k where k.organisation_id = o.id) as contacts
            from client_organisation o
            left join staff_directory m on m.id = o.manager_id
            left join staff_directory d on d.id = o.deputy_id
            """;

    /** The organisations in use (not merged into another), by name. */
    @Transactional(readOnly = true)
    public List<ClientOrganisation> list() {
        return jdbc.sql(SELECT + " where o.merged_into is null order by o.name_key, o.id")
                .query(Clients::organisation)
                .list();
    }

    /** A client in use as a menu names it. */
    public record Name(long id, String name) {}

    /** The names of the organisations in use, in the order of {@link #list}: for menus, without the rest. */
    @Transactional(readOnly = true)
    public List<Name> names() {
        return jdbc.sql("select id, name from client_organisation where merged_into is null order by name_key, id")
                .query(Name.class)
                .list();
    }

    /** The organisation, merged or not. */
    @Transactional(readOnly = true)
    public Optional<ClientOrganisation> find(long id) {
        return jdbc.sql(SELECT + " where o.id = ?")
                .param(id)
                .query(Clients::organisation)
                .optional();
    }

    /** The organisation in use that {@code id} is now: itself, or the one it was (perhaps in turn) merged into. */
    @Transactional(readOnly = true)
    public Optional<ClientOrganisation> current(long id) {
        Optional<ClientOrganisation> o = find(id);
        for (int hops = 0; o.isPresent() && o.get().mergedInto() != null && hops < 100; hops++) {
            o = find(o.get().mergedInto());
        }
        return o;
    }

    /** The organisation the customer is a contact of, if any. */
    @Transactional(readOnly = true)
    public Optional<ClientOrganisation> ofCustomer(long customerId) {
        return jdbc.sql(SELECT + " where o.id = (select organisation_id from client_contact where customer_id = ?)")
                .param(customerId)
                .query(Clients::organisation)
                .optional();
    }

    /** The customers who are the organisation's contacts, by when they joined. */
    @Transactional(readOnly = true)
    public List<Long> contactIds(long id) {
        return jdbc.sql(
                        "select customer_id from client_contact where organisation_id = ? order by joined_at, customer_id")
                .param(id)
                .query(Long.class)
                .list();
    }

    /** The organisations the member of staff looks after (as manager or deputy), by name. */
    @Transactional(readOnly = true)
    public List<ClientOrganisation> managedBy(long staffId) {
        return jdbc.sql(SELECT + " where o.merged_into is null and (o.manager_id = ? or o.deputy_id = ?)"
                        + " order by o.name_key, o.id")
                .params(staffId, staffId)
                .query(Clients::organisation)
                .list();
    }

    // ---- changing ---------------------------------------------------------------------------------------------------

    @Transactional
    public ClientOrganisation create(Draft draft, Actor actor) {
        requireManage(actor);
        Checked c = check(draft, null);
        Instant now = now();
        long id;
        try {
            id = jdbc.sql("""
                            insert into client_organisation (name, manager_id, deputy_id, created_at, updated_at)
                            values (?, ?, ?, ?, ?) returning id""")
                    .params(c.name(), idOf(c.manager()), idOf(c.deputy()), Timestamp.from(now), Timestamp.from(now))
                    .query(Long.class)
                    .single();
        } catch (DuplicateKeyException e) {
            throw nameTaken(c.name());
        }
        claim(id, c.domains());
        ClientOrganisation created = find(id).orElseThrow();
        audit.record(
                actor.username(),
                SecurityAudit.Action.CLIENT_CREATED,
                "client " + id,
                SecurityAudit.Outcome.SUCCESS,
                described(created));
        return created;
    }

    /**
     * Changes the organisation; {@code expectedVersion}, when given, must be its version now (someone else's change in
     * between is refused, not overwritten).
     */
    @Transactional
    public ClientOrganisation change(long id, Draft draft, Integer expectedVersion, Actor actor) {
        requireManage(actor);
        // Held for update: intake and contacts wait for the new managers (see Held).
        jdbc.sql("select id from client_organisation where id = ? for update")
                .param(id)
                .query(Long.class)
                .optional();
        ClientOrganisation before = inUse(id, "id");
        if (expectedVersion != null && expectedVersion != before.version()) {
            throw new ConflictException(
                    "Someone else changed " + before.name() + " meanwhile. Reload it and make your change again.",
                    Map.of("version", before.version()));
        }
        Checked c = check(draft, id);
        try {
            jdbc.sql("""
                            update client_organisation set name = ?, manager_id = ?, deputy_id = ?, updated_at = ?,
                                version = version + 1
                            where id = ?""")
                    .params(c.name(), idOf(c.manager()), idOf(c.deputy()), Timestamp.from(now()), id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw nameTaken(c.name());
        }
        jdbc.sql("delete from client_domain where organisation_id = ?")
                .param(id)
                .update();
        claim(id, c.domains());
        ClientOrganisation after = find(id).orElseThrow();
        if (!after.managerIds().equals(before.managerIds())) {
            cases.relinkClientCases(id, new ClientLink(id, after.managerIds()));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("before", described(before));
        details.put("after", described(after));
        audit.record(
                actor.username(),
                SecurityAudit.Action.CLIENT_CHANGED,
                "client " + id,
                SecurityAudit.Outcome.SUCCESS,
                details);
        return after;
    }

    /**
     * Merges organisation {@code from} into {@code into}: its contacts, domains and cases move there and are looked
     * after by {@code into}'s managers; {@code from} stays, marked as merged, so that links to it lead to {@code into}.
     */
    @Transactional
    public ClientOrganisation merge(long from, long into, Actor actor) {
        requireManage(actor);
        if (from == into) {
            throw new InvalidRequestException("into", "choose another organisation to merge this one into");
        }
        // Both rows locked, lower id first, so that two merges of the same pair cannot deadlock.
        jdbc.sql("select id from client_organisation where id in (?, ?) order by id for update")
                .params(from, into)
                .query(Long.class)
                .list();
        ClientOrganisation gone = inUse(from, "id");
        ClientOrganisation kept = inUse(into, "into");
        Instant now = now();
        jdbc.sql("update client_contact set organisation_id = ? where organisation_id = ?")
                .params(into, from)
                .update();
        jdbc.sql("update client_domain set organisation_id = ? where organisation_id = ?")
                .params(into, from)
                .update();
        int moved = cases.relinkClientCases(from, new ClientLink(into, kept.managerIds()));
        jdbc.sql("update client_organisation set merged_into = ?, updated_at = ?, version = version + 1 where id = ?")
                .params(into, Timestamp.from(now), from)
                .update();
        jdbc.sql("update client_organisation set updated_at = ?, version = version + 1 where id = ?")
                .params(Timestamp.from(now), into)
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("merged", gone.name());
        details.put("into", kept.name());
        details.put("contacts", gone.contacts());
        details.put("cases", moved);
        audit.record(
                actor.username(),
                SecurityAudit.Action.CLIENT_MERGED,
                "client " + into,
                SecurityAudit.Outcome.SUCCESS,
                details);
        return find(into).orElseThrow();
    }

    /**
     * Makes the customer a contact of the organisation, with all their cases; a customer already in another organisation
     * is refused (take them out there first).
     */
    @Transactional
    public ClientOrganisation addContact(long id, long customerId, Actor actor) {
        requireAttach(actor);
        inUse(id, "id");
        join(hold(id).orElseThrow(), customerId, actor.username());
        audit.record(
                actor.username(),
                SecurityAudit.Action.CLIENT_CONTACT_CHANGED,
                "client " + id,
                SecurityAudit.Outcome.SUCCESS,
                Map.of("added", customerId));
        return find(id).orElseThrow();
    }

    /** Takes the customer out of the organisation; their cases no longer belong to it. */
    @Transactional
    public ClientOrganisation removeContact(long id, long customerId, Actor actor) {
        requireAttach(actor);
        hold(id);
        ClientOrganisation o = inUse(id, "id");
        int removed = jdbc.sql("delete from client_contact where customer_id = ? and organisation_id = ?")
                .params(customerId, id)
                .update();
        if (removed == 0) {
            throw new NotFoundException("Customer " + customerId + " is not a contact of " + o.name());
        }
        cases.linkCustomerCases(customerId, null);
        audit.record(
                actor.username(),
                SecurityAudit.Action.CLIENT_CONTACT_CHANGED,
                "client " + id,
                SecurityAudit.Outcome.SUCCESS,
                Map.of("removed", customerId));
        return find(id).orElseThrow();
    }

    /**
     * The client a new case of {@code customer} belongs to, in intake's transaction: the organisation {@code chosen} by
     * the member of staff logging it (the customer joins it, unless they are a contact of another, which is refused as
     * a problem of the field {@code client}); else the organisation the customer is a contact of; else the one claiming
     * their e-mail address's domain, which they join. Empty for none. One look-up when nothing is to change.
     */
    @Transactional
    public Optional<ClientLink> atIntake(Customer customer, Long chosen, Actor actor) {
        record Found(Long member, Long byDomain) {}
        Found found = jdbc.sql("""
                        select (select organisation_id from client_contact where customer_id = :customer),
                               (select d.organisation_id from client_domain d where d.domain = :domain)""")
                .param("customer", customer.id())
                .param("domain", ClientRules.domainOf(customer.email()))
                .query((rs, n) -> new Found(nullable(rs, 1), nullable(rs, 2)))
                .single();
        if (chosen != null) {
            Held held = hold(chosen)
                    .orElseThrow(
                            () -> new InvalidRequestException("client", "no client organisation has id " + chosen));
            if (held.mergedInto() != null) {
                throw new InvalidRequestException(
                        "client",
                        "client organisation " + chosen + " was merged into client organisation " + held.mergedInto()
                                + "; choose that one");
            }
            if (found.member() != null && !found.member().equals(chosen)) {
                String other =
                        find(found.member()).map(ClientOrganisation::name).orElse("another organisation");
                throw new InvalidRequestException(
                        "client",
                        "this customer is a contact of " + other + "; change that on the client's page first");
            }
            if (found.member() == null) {
                requireAttach(actor);
                join(held, customer.id(), actor.username());
                audit.record(
                        actor.username(),
                        SecurityAudit.Action.CLIENT_CONTACT_CHANGED,
                        "client " + held.id(),
                        SecurityAudit.Outcome.SUCCESS,
                        Map.of("added", customer.id()));
            }
            return Optional.of(held.link());
        }
        if (found.member() != null) {
            return heldNow(found.member()).map(Held::link);
        }
        if (found.byDomain() != null) {
            Optional<Held> held = heldNow(found.byDomain());
            held.ifPresent(h -> join(h, customer.id(), BY_DOMAIN));
            return held.map(Held::link);
        }
        return Optional.empty();
    }

    // ---- the parts ------------------------------------------------------------------------------------------------

    /**
     * An organisation's row as read with a share lock, held until the caller's transaction ends: a change of its
     * managers or a merge (which lock it for update, and then rewrite the link of its cases) waits for the caller's new
     * case or contact, or the caller for them, so that no case keeps managers that are no longer the client's.
     */
    private record Held(long id, List<Long> managers, Long mergedInto) {
        ClientLink link() {
            return new ClientLink(id, managers);
        }
    }

    private Optional<Held> hold(long id) {
        return jdbc.sql("select manager_id, deputy_id, merged_into from client_organisation where id = ? for share")
                .param(id)
                .query((rs, n) -> new Held(
                        id,
                        java.util.stream.Stream.of(nullable(rs, 1), nullable(rs, 2))
                                .filter(Objects::nonNull)
                                .toList(),
                        nullable(rs, 3)))
                .optional();
    }

    /** The organisation in use that {@code id} is, held: itself, or the one it was merged into meanwhile. */
    private Optional<Held> heldNow(long id) {
        Optional<Held> held = hold(id);
        for (int hops = 0; held.isPresent() && held.get().mergedInto() != null && hops < 100; hops++) {
            held = hold(held.get().mergedInto());
        }
        return held.filter(h -> h.mergedInto() == null);
    }

    /** The customer joins the organisation (a no-op when they are its contact), and their cases with them. */
    private void join(Held o, long customerId, String by) {
        Long member = jdbc.sql("select organisation_id from client_contact where customer_id = ? for update")
                .param(customerId)
                .query(Long.class)
                .optional()
                .orElse(null);
        if (member != null && member == o.id()) {
            return;
        }
        if (member != null) {
            String other = find(member).map(ClientOrganisation::name).orElse("another organisation");
            throw new ConflictException(
                    "This customer is a contact of " + other + ": take them out there first.",
                    Map.of("client", member));
        }
        try {
            jdbc.sql("""
                            insert into client_contact (customer_id, organisation_id, joined_at, joined_by)
                            values (?, ?, ?, ?)""").params(customerId, o.id(), Timestamp.from(now()), by).update();
        } catch (DuplicateKeyException e) {
            throw new ConflictException("This customer was just made a contact of another organisation.");
        } catch (DataIntegrityViolationException e) {
            // The only other constraint: the customer must exist.
            throw new NotFoundException("No customer has id " + customerId);
        }
        cases.linkCustomerCases(customerId, o.link());
    }

    /** The draft checked: every problem at once, as field problems; a taken domain is a conflict. */
    private record Checked(String name, StaffMember manager, StaffMember deputy, List<String> domains) {}

    private Checked check(Draft d, Long self) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = ClientRules.name(d.name(), problems);
        StaffMember manager = person(d.manager(), "manager", problems);
        StaffMember deputy = person(d.deputy(), "deputy", problems);
        if (manager != null && deputy != null && manager.id() == deputy.id()) {
            problems.add(new FieldProblem("deputy", "must be someone other than the relationship manager"));
        }
        List<String> domains = ClientRules.domains(d.domains(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        for (String domain : domains) {
            jdbc.sql("select o.id, o.name from client_domain d join client_organisation o on o.id = d.organisation_id"
                            + " where d.domain = ?")
                    .param(domain)
                    .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
                    .optional()
                    .filter(owner -> self == null || owner.getKey() != self.longValue())
                    .ifPresent(owner -> {
                        throw new ConflictException(
                                domain + " is claimed by " + owner.getValue() + ".", Map.of("domain", domain));
                    });
        }
        return new Checked(name, manager, deputy, domains);
    }

    private StaffMember person(String username, String field, List<FieldProblem> problems) {
        if (username == null || username.isBlank()) {
            return null;
        }
        Optional<StaffMember> member = staff.staffByUsername(username.strip()).filter(StaffMember::active);
        if (member.isEmpty()) {
            problems.add(new FieldProblem(
                    field, "no active member of staff has the username '" + ClientRules.shortened(username) + "'"));
            return null;
        }
        return member.get();
    }

    private void claim(long id, List<String> domains) {
        for (String domain : domains) {
            try {
                jdbc.sql("insert into client_domain (domain, organisation_id) values (?, ?)")
                        .params(domain, id)
                        .update();
            } catch (DuplicateKeyException e) {
                throw new ConflictException(domain + " was just claimed by another organisation.");
            }
        }
    }

    private ClientOrganisation inUse(long id, String field) {
        ClientOrganisation o = find(id).orElseThrow(() -> new NotFoundException("No client organisation has id " + id));
        if (o.mergedInto() != null) {
            throw new ConflictException(
                    o.name() + " was merged into another organisation; change that one instead.",
                    Map.of(field, id, "mergedInto", o.mergedInto()));
        }
        return o;
    }

    private static ConflictException nameTaken(String name) {
        return new ConflictException("Another client organisation is called " + name + ".", Map.of("name", name));
    }

    private static Map<String, Object> described(ClientOrganisation o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", o.name());
        m.put("manager", o.manager() == null ? null : o.manager().username());
        m.put("deputy", o.deputy() == null ? null : o.deputy().username());
        m.put("domains", o.domains());
        return m;
    }

    /** Whether the actor may create, change and merge organisations and choose who looks after them. */
    public static boolean mayManage(Actor actor) {
        return ClientRules.mayManage(actor);
    }

    /** Whether the actor may put a customer into an organisation or take them out. */
    public static boolean mayAttachContacts(Actor actor) {
        return ClientRules.mayAttachContacts(actor);
    }

    static void requireManage(Actor actor) {
        if (!ClientRules.mayManage(actor)) {
            throw new AccessDeniedException(
                    "Managers, executives and administrators create and change client organisations.");
        }
    }

    static void requireAttach(Actor actor) {
        if (!ClientRules.mayAttachContacts(actor)) {
            throw new AccessDeniedException("Only staff who log cases may change a client's contacts.");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Long idOf(StaffMember m) {
        return m == null ? null : m.id();
    }

    private static Long nullable(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static ClientOrganisation organisation(ResultSet rs, int n) throws SQLException {
        return new ClientOrganisation(
                rs.getLong("id"),
                rs.getString("name"),
                member(rs, "m_"),
                member(rs, "d_"),
                Arrays.asList((String[]) rs.getArray("domains").getArray()),
                rs.getLong("contacts"),
                nullable(rs, rs.findColumn("merged_into")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getInt("version"));
    }

    private static StaffMember member(ResultSet rs, String prefix) throws SQLException {
        long id = rs.getLong(prefix + "id");
        if (rs.wasNull()) {
            return null;
        }
        return new StaffMember(
                id,
                rs.getString(prefix + "username"),
                rs.getString(prefix + "name"),
                rs.getString(prefix + "email"),
                rs.getBoolean(prefix + "active"));
    }
}
