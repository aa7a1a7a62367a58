package org.hearken.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A case to open through the public API ({@code POST /api/cases}), written as what matters to the test and nothing
 * else:
 *
 * <pre>{@code
 * String ref = aComplaint().by(PHONE).inDepartment(dept).confidential().about(agent).openedBy(dept.as(dept.lead));
 * String ref = aQuestion().inDepartment(dept).open(); // opened by the department's lead
 * ApiClient.Response refused = aComplaint().by(EMAIL).from("Quick Caller").phone("07 5550 2000").postedBy(lead);
 * }</pre>
 *
 * Whatever a test leaves out gets a harmless default: channel {@code API}, a subject and description, and a customer
 * with a name and a phone number (no e-mail address, so nothing is acknowledged or sent on its own). Fields the kit has
 * no method for go through {@link #with(String, Object)}.
 */
public final class CaseBuilder {

    public static final String PHONE = "PHONE";
    public static final String EMAIL = "EMAIL";
    public static final String API = "API";
    public static final String POSTAL = "POSTAL";
    public static final String IN_PERSON = "IN_PERSON";
    public static final String WEB_FORM = "WEB_FORM";

    private final Map<String, Object> body = new LinkedHashMap<>();
    private final Map<String, Object> customer = new LinkedHashMap<>();
    private Map<String, Object> customerAsGiven;
    private IntegrationTest.Dept dept;

    private CaseBuilder(String kind) {
        body.put("kind", kind);
        body.put("channel", API);
        body.put("subject", null);
        body.put("description", "Details.");
    }

    public static CaseBuilder aComplaint() {
        return new CaseBuilder("COMPLAINT");
    }

    public static CaseBuilder aQuestion() {
        return new CaseBuilder("QUESTION");
    }

    public static CaseBuilder aServiceRequest() {
        return new CaseBuilder("SERVICE_REQUEST");
    }

    /** A case of the kind given by name ({@code COMPLAINT}, {@code QUESTION}, {@code SERVICE_REQUEST}, …). */
    public static CaseBuilder aCase(String kind) {
        return new CaseBuilder(kind);
    }

    /** The channel it came in through: {@link #PHONE}, {@link #EMAIL}, {@link #API}, {@link #POSTAL}, … */
    public CaseBuilder by(String channel) {
        body.put("channel", channel);
        return this;
    }

    /** When it was received, as the API takes it (an offset date-time, e.g. {@code 2026-11-30T09:30:00+10:00}). */
    public CaseBuilder receivedAt(String offsetDateTime) {
        body.put("receivedAt", offsetDateTime);
        return this;
    }

    public CaseBuilder receivedAt(OffsetDateTime at) {
        return receivedAt(at.toString());
    }

    public CaseBuilder receivedAt(Instant at) {
        return receivedAt(at.toString());
    }

    public CaseBuilder subject(String subject) {
        body.put("subject", subject);
        return this;
    }

    public CaseBuilder description(String description) {
        body.put("description", description);
        return this;
    }

    /** The customer's name; with {@link #phone}, {@link #email}, {@link #postalAddress} and {@link #prefersReplyBy}. */
    public CaseBuilder from(String name) {
        customer.put("name", name);
        return this;
    }

    public CaseBuilder phone(String phone) {
        customer.put("phone", phone);
        return this;
    }

    public CaseBuilder email(String email) {
        customer.put("email", email);
        return this;
    }

    public CaseBuilder postalAddress(String address) {
        customer.put("postalAddress", address);
        return this;
    }

    public CaseBuilder prefersReplyBy(String channel) {
        customer.put("preferredReply", channel);
        return this;
    }

    /** The customer exactly as given (any fields), instead of the ones set one by one. */
    public CaseBuilder customer(Map<String, Object> customer) {
        this.customerAsGiven = customer;
        return this;
    }

    /** The department, whose lead {@link #open() opens} the case unless the test says who does. */
    public CaseBuilder inDepartment(IntegrationTest.Dept dept) {
        this.dept = dept;
        body.put("department", dept.code);
        return this;
    }

    public CaseBuilder inDepartment(String code) {
        body.put("department", code);
        return this;
    }

    public CaseBuilder ownedBy(String username) {
        body.put("owner", username);
        return this;
    }

    /** Need-to-know: only its owner, its department's managers and the roles that oversee everything may open it. */
    public CaseBuilder confidential() {
        return confidential(true);
    }

    public CaseBuilder confidential(boolean confidential) {
        body.put("confidential", confidential);
        return this;
    }

    /** The members of staff the complaint is about. */
    public CaseBuilder about(String... staff) {
        return about(List.of(staff));
    }

    public CaseBuilder about(List<String> staff) {
        body.put("aboutStaff", staff);
        return this;
    }

    /** Answered and closed during the first contact. */
    public CaseBuilder resolvedAtFirstContact(String resolution, String outcome) {
        body.put("resolvedAtFirstContact", Map.of("resolution", resolution, "outcome", outcome));
        return this;
    }

    public CaseBuilder acknowledgedVerbally() {
        body.put("acknowledgedVerbally", true);
        return this;
    }

    /** Any other field of the request, as the API names it. */
    public CaseBuilder with(String field, Object value) {
        body.put(field, value);
        return this;
    }

    /** The request body as it will be sent. */
    public Map<String, Object> body() {
        Map<String, Object> request = new LinkedHashMap<>(body);
        if (request.get("subject") == null) {
            request.put("subject", "Case " + IntegrationTest.unique());
        }
        Map<String, Object> who = customerAsGiven;
        if (who == null) {
            who = new LinkedHashMap<>(customer);
            who.putIfAbsent("name", "Sam Customer");
            if (!who.containsKey("email") && !who.containsKey("postalAddress")) {
                who.putIfAbsent("phone", "02 5550 1000");
            }
        }
        request.put("customer", who);
        return request;
    }

    /**
     * Posts it as {@code client}, with these request headers (name, value, …) if any, and returns the response,
     * whatever it is (for tests of refusals).
     */
    public ApiClient.Response postedBy(ApiClient client, String... headers) {
        return client.post("/api/cases", body(), headers);
    }

    /** Opens it as {@code client}, asserting it was created, and returns the case as the API shows it. */
    public JsonNode openBy(ApiClient client) {
        ApiClient.Response r = postedBy(client);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    /** Opens it as {@code client}, asserting it was created, and returns its reference. */
    public String openedBy(ApiClient client) {
        return openBy(client).get("reference").asString();
    }

    /** Opens it as the lead of the department given by {@link #inDepartment(IntegrationTest.Dept)}. */
    public String open() {
        if (dept == null) {
            throw new IllegalStateException("open() needs inDepartment(Dept); else say who opens it: openedBy(client)");
        }
        return openedBy(dept.as(dept.lead));
    }
}
