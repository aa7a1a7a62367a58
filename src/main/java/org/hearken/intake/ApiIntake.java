package org.hearken.intake;

import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hearken.cases.CaseLifecycle;
import org.hearken.cases.CaseManagement;
import org.hearken.cases.CaseView;
import org.hearken.cases.CustomerContact;
import org.hearken.cases.OpenCase;
import org.hearken.cases.PreferredReply;
import org.hearken.customers.Customer;
import org.hearken.customers.CustomerDirectory;
import org.hearken.identity.Actor;
import org.hearken.platform.ConflictException;
import org.hearken.platform.Digests;
import org.hearken.platform.FieldProblem;
import org.hearken.platform.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cases created through the REST API. With an idempotency key the key is stored in the same transaction as the case,
 * so a retry after a lost answer finds the case that was committed, and two racing retries cannot both create one.
 */
@Service
class ApiIntake {

    record Result(CaseView view, boolean replayed) {}

    private final CaseManagement cases;
    private final CaseLifecycle lifecycle;
    private final org.hearken.clients.Clients clients;
    private final CustomerDirectory customers;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    ApiIntake(
            CaseManagement cases,
            CaseLifecycle lifecycle,
            CustomerDirectory customers,
            org.hearken.clients.Clients clients,
            JdbcClient jdbc,
            JsonMapper json,
            Clock clock) {
        this.cases = cases;
        this.lifecycle = lifecycle;
        this.customers = customers;
        this.clients = clients;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    Result open(CaseRequest request, Actor actor, String idempotencyKey) {
        byte[] requestHash = null;
        if (idempotencyKey != null) {
            requestHash = Digests.sha256(json.writeValueAsString(request));
            Optional<Result> earlier = replay(actor, idempotencyKey, requestHash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        CustomerContact contact = contactOf(request.customer());
        Customer customer = customers.findOrCreate(contact);
        CaseView view = cases.open(
                toOpenCase(request, contact, customer.id())
                        .withClient(clients.atIntake(customer, request.client(), actor)
                                .orElse(null)),
                actor);
        if (request.resolvedAtFirstContact() != null) {
            view = lifecycle.resolveAtFirstContact(view.reference(), request.resolvedAtFirstContact(), actor);
        } else if (Boolean.TRUE.equals(request.acknowledgedVerbally())) {
            view = lifecycle.acknowledgeVerballyAtIntake(view.reference(), actor);
        }
        if (idempotencyKey != null) {
            jdbc.sql("""
                            insert into intake_idempotency (client_id, key, request_hash, case_id, created_at)
                            select ?, ?, ?, id, ? from case_published where reference = ?""")
                    .params(
                            actor.staffId(),
                            idempotencyKey,
                            requestHash,
                            Timestamp.from(clock.instant()),
                            view.reference())
                    .update();
        }
        return new Result(view, false);
    }

    /** After a racing request with the same key won, its committed case is the answer. */
    @Transactional(readOnly = true)
    Result replayAfterRace(CaseRequest request, Actor actor, String idempotencyKey) {
        return replay(actor, idempotencyKey, Digests.sha256(json.writeValueAsString(request)))
                .orElseThrow(() -> new IllegalStateException("idempotency key vanished"));
    }

    private Optional<Result> replay(Actor actor, String key, byte[] requestHash) {
        record Earlier(long caseId, byte[] requestHash) {}
        return jdbc.sql("select case_id, request_hash from intake_idempotency where client_id = ? and key = ?")
                .params(actor.staffId(), key)
                .query((rs, n) -> new Earlier(rs.getLong(1), rs.getBytes(2)))
                .optional()
                .map(earlier -> {
                    if (!MessageDigest.isEqual(earlier.requestHash(), requestHash)) {
                        throw new ConflictException(
                                "This Idempotency-Key was already used with a different request body.");
                    }
                    return new Result(cases.find(earlier.caseId(), actor).orElseThrow(), true);
                });
    }

    CustomerContact contactOf(CaseRequest.CustomerDetails c) {
        String email = blankToNull(c.email());
        String phone = blankToNull(c.phone());
        String address = blankToNull(c.postalAddress());
        List<FieldProblem> problems = new ArrayList<>();
        PreferredReply reply = c.preferredReply();
        if (reply == null) {
            reply = email != null
                    ? PreferredReply.EMAIL
                    : phone != null ? PreferredReply.PHONE : address != null ? PreferredReply.POST : null;
        }
        if (reply == null) {
            problems.add(new FieldProblem(
                    "customer", "give at least one of email, phone or postalAddress so that we can reply"));
        } else if (reply == PreferredReply.EMAIL && email == null) {
            problems.add(new FieldProblem("customer.email", "is required when the preferred reply is EMAIL"));
        } else if (reply == PreferredReply.PHONE && phone == null) {
            problems.add(new FieldProblem("customer.phone", "is required when the preferred reply is PHONE"));
        } else if (reply == PreferredReply.POST && address == null) {
            problems.add(new FieldProblem("customer.postalAddress", "is required when the preferred reply is POST"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        return new CustomerContact(c.name().strip(), email, phone, address, reply);
    }

    OpenCase toOpenCase(CaseRequest r, CustomerContact contact, Long customerId) {
        return new OpenCase(
                r.kind(),
                r.channel(),
                r.receivedAt() == null ? clock.instant() : r.receivedAt().toInstant(),
                r.subject() == null ? "" : r.subject().strip(),
                r.description() == null ? "" : r.description().strip(),
                contact,
                blankToNull(r.department()),
                blankToNull(r.owner()),
                Boolean.TRUE.equals(r.confidential()),
                customerId,
                r.aboutStaff() == null
                        ? java.util.List.of()
                        : r.aboutStaff().stream().map(String::strip).distinct().toList(),
                blankToNull(r.product()),
                r.sentAt() == null ? null : r.sentAt().toInstant());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
