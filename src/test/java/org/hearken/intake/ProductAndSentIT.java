package org.hearken.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.policy.PolicyTestSupport;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A case names a product (one of the policy's, when it lists any), which routes it to its rule pack; a letter is
 * logged with the date it was sent beside the date it was received. Over the API and the new-case page.
 */
class ProductAndSentIT extends IntegrationTest {

    /** A bank: payment services complaints under DISP 1.6.2AR (fca-disp-psd), every other complaint under DISP 1. */
    static final String BANK = """
            name: Example bank
            calendar:
              zone: Europe/London
              workdays: [MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY]
              opens: "09:00"
              closes: "17:00"
              holidays: { country: GB, region: eng }
            products: [Payments, Mortgages]
            packs:
              - { products: [payments], pack: fca-disp-psd }
              - { pack: fca-disp }
            targets:
              - { kinds: [QUESTION, SERVICE_REQUEST, SUGGESTION, COMPLIMENT], acknowledge: 1, respond: 10 }
            """;

    private static Map<String, Object> complaint(String department, String product) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "COMPLAINT");
        body.put("channel", "EMAIL");
        body.put("receivedAt", "2026-06-08T10:00:00+01:00");
        body.put("subject", "Card payment taken twice");
        body.put("description", "The same payment left my account twice.");
        body.put("customer", Map.of("name", "Ada Citizen", "email", "ada@example.net"));
        body.put("department", department);
        if (product != null) {
            body.put("product", product);
        }
        return body;
    }

    @Test
    void aProductOutsideThePolicysListIsRefusedAndAProductRoutesTheComplaintToItsPack() throws Exception {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        Dept dept = department();
        ApiClient staff = dept.as(dept.lead);
        try {
            ApiClient.Response put = admin.put("/api/policy", BANK, "application/yaml");
            assertThat(put.status()).as(put.body()).isIn(200, 201);
            clock.set(Instant.parse("2026-06-08T12:00:00Z"));

            ApiClient.Response refused = staff.post("/api/cases", complaint(dept.code, "cards"));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().get("detail").asString())
                    .isEqualTo(
                            "product: must be one of the service policy's products: Payments, Mortgages (not 'cards')");
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("product");

            // Payment services: a final response within 15 business days after the day of receipt (fca-disp-psd).
            ApiClient.Response payments = staff.post("/api/cases", complaint(dept.code, " payments "));
            assertThat(payments.status()).as(payments.body()).isEqualTo(201);
            JsonNode p = payments.json();
            assertThat(p.get("product").asString())
                    .as("as the policy spells it")
                    .isEqualTo("Payments");
            assertThat(p.get("respondBy").asString()).isEqualTo("2026-06-29T17:00:00+01:00");
            String reference = p.get("reference").asString();
            assertThat(staff.get("/api/cases/" + reference)
                            .json()
                            .get("product")
                            .asString())
                    .isEqualTo("Payments");
            assertThat(jdbc.sql("select product from cases where reference = ?")
                            .param(reference)
                            .query(String.class)
                            .single())
                    .isEqualTo("Payments");
            JsonNode opened =
                    staff.get("/api/cases/" + reference + "/events").json().get(0);
            assertThat(opened.get("payload").get("product").asString()).isEqualTo("Payments");

            // Any other product, or none: 8 weeks after the day of receipt (fca-disp).
            for (String other : new String[] {"Mortgages", null}) {
                JsonNode c =
                        staff.post("/api/cases", complaint(dept.code, other)).json();
                assertThat(c.get("respondBy").asString())
                        .as("product %s", other)
                        .isEqualTo("2026-08-03T23:59:59+01:00");
                assertThat(c.has("product")).isEqualTo(other != null);
            }

            // The new-case page offers the policy's products and refuses any other.
            FormSession page = signedIn(dept.lead);
            Document form = page.get("/cases/new").expect(200).html();
            assertThat(form.select("#new-product option").eachAttr("value"))
                    .containsExactly("", "Payments", "Mortgages");
            FormSession.Page wrong = page.post("/cases/new", newCaseForm(dept.code, "product", "Cards"));
            assertThat(wrong.status()).isEqualTo(400);
            assertThat(wrong.html().selectFirst("#new-product-error").text())
                    .isEqualTo("Must be one of the service policy's products: Payments, Mortgages (not 'Cards').");
            FormSession.Page saved = page.post("/cases/new", newCaseForm(dept.code, "product", "Payments"));
            assertThat(saved.status()).as(saved.body()).isEqualTo(302);
            Document shown = page.follow(saved).html();
            assertThat(shown.selectFirst("dd.product").text()).isEqualTo("Payments");
            String logged = saved.location().substring("/cases/".length());
            assertThat(staff.get("/api/cases/" + logged).json().get("respondBy").asString())
                    .isEqualTo("2026-06-29T17:00:00+01:00");
        } finally {
            PolicyTestSupport.ensureActive(admin, "metart");
        }
    }

    @Test
    void aLetterDatedBeforeItsDateStampIsStoredWithBothAndCountsFromItsReceipt() throws Exception {
        ApiClient admin = as(staffWithoutDepartment(Role.ADMIN));
        PolicyTestSupport.ensureActive(admin, "metart");
        Dept dept = department();
        ApiClient staff = dept.as(dept.lead);
        clock.set(Instant.parse("2026-11-24T23:00:00Z")); // Wednesday 25 November, 10:00 in Sydney

        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("kind", "COMPLAINT");
        letter.put("channel", "POSTAL");
        letter.put("receivedAt", "2026-11-23T09:30:00+11:00");
        letter.put("sentAt", "2026-11-18T00:00:00+11:00");
        letter.put("subject", "Missed collection");
        letter.put("description", "The bin was not emptied.");
        letter.put("customer", Map.of("name", "Bea Citizen", "postalAddress", "1 Elm Street"));
        letter.put("department", dept.code);
        ApiClient.Response created = staff.post("/api/cases", letter);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode c = created.json();
        assertThat(c.get("receivedAt").asString()).isEqualTo("2026-11-23T09:30:00+11:00");
        assertThat(c.get("sentAt").asString()).isEqualTo("2026-11-18T00:00:00+11:00");
        String reference = c.get("reference").asString();
        Map<String, Object> stored = jdbc.sql("select received_at, sent_at from cases where reference = ?")
                .param(reference)
                .query()
                .singleRow();
        assertThat(((java.sql.Timestamp) stored.get("received_at")).toInstant())
                .isEqualTo(Instant.parse("2026-11-22T22:30:00Z"));
        assertThat(((java.sql.Timestamp) stored.get("sent_at")).toInstant())
                .isEqualTo(Instant.parse("2026-11-17T13:00:00Z"));

        // The policy's own targets count from receipt, whenever the letter was written.
        Map<String, Object> undated = new LinkedHashMap<>(letter);
        undated.remove("sentAt");
        JsonNode same = staff.post("/api/cases", undated).json();
        assertThat(same.has("sentAt")).isFalse();
        assertThat(c.get("acknowledgeBy").asString())
                .isEqualTo(same.get("acknowledgeBy").asString());
        assertThat(c.get("respondBy").asString())
                .isEqualTo(same.get("respondBy").asString());

        Map<String, Object> impossible = new LinkedHashMap<>(letter);
        impossible.put("sentAt", "2026-11-24T09:00:00+11:00");
        ApiClient.Response refused = staff.post("/api/cases", impossible);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("sentAt");

        // The case page shows both; the new-case page takes the date on the letter.
        FormSession page = signedIn(dept.lead);
        Document shown = page.get("/cases/" + reference).expect(200).html();
        assertThat(shown.selectFirst("dd.sent-received").text())
                .isEqualTo("Sent Wed 18 Nov 2026; received Mon 23 Nov 2026, 9:30 am");
        FormSession.Page saved = page.post(
                "/cases/new",
                newCaseForm(
                        dept.code,
                        "channel",
                        "POSTAL",
                        "receivedAt",
                        "2026-11-23T09:30",
                        "sentAt",
                        "2026-11-18",
                        "customer.postalAddress",
                        "1 Elm Street"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        String logged = saved.location().substring("/cases/".length());
        assertThat(jdbc.sql("select sent_at from cases where reference = ?")
                        .param(logged)
                        .query(java.sql.Timestamp.class)
                        .single()
                        .toInstant())
                .isEqualTo(Instant.parse("2026-11-17T13:00:00Z"));
        assertThat(page.follow(saved).html().selectFirst("dd.sent-received").text())
                .isEqualTo("Sent Wed 18 Nov 2026; received Mon 23 Nov 2026, 9:30 am");
    }

    /** The new-case form of a complaint by phone for the department, with the given fields (name, value, …) on top. */
    private static String[] newCaseForm(String department, String... fields) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("idempotencyKey", unique());
        form.put("kind", "COMPLAINT");
        form.put("channel", "PHONE");
        form.put("subject", "Charged twice " + unique());
        form.put("description", "Charged twice for one payment");
        form.put("customer.name", "Ada");
        form.put("customer.phone", "0400 111 222");
        form.put("department", department);
        for (int i = 0; i < fields.length; i += 2) {
            form.put(fields[i], fields[i + 1]);
        }
        return form.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new);
    }
}
