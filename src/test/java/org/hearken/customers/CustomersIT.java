package org.hearken.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.EMAIL;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.CaseBuilder;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CustomersIT extends IntegrationTest {

    private static CaseBuilder caseFrom(String department, Map<String, Object> customer) {
        return aComplaint()
                .by(EMAIL)
                .subject("Footpath still broken")
                .description("The footpath outside number 12 has been broken for a month.")
                .customer(customer)
                .inDepartment(department);
    }

    private static Map<String, Object> customer(String name, String email, String phone) {
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("name", name);
        if (email != null) {
            customer.put("email", email);
        }
        if (phone != null) {
            customer.put("phone", phone);
        }
        return customer;
    }

    private static JsonNode open(ApiClient client, String department, Map<String, Object> customer) {
        return caseFrom(department, customer).openBy(client);
    }

    private static String uniqueEmail() {
        return "c" + unique().toLowerCase() + "@example.net";
    }

    /** Eight random digits after an area code, so that no other test's customer shares the number. */
    private static String uniquePhone() {
        return String.format(
                        "02 %04d %04d",
                        ThreadLocalRandom.current().nextInt(10_000),
                        ThreadLocalRandom.current().nextInt(10_000))
                + String.format(" %03d", ThreadLocalRandom.current().nextInt(1_000));
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<Long> ids(JsonNode list) {
        List<Long> ids = new ArrayList<>();
        list.forEach(c -> ids.add(c.get("id").asLong()));
        return ids;
    }

    @Test
    void theSameEmailInAnotherLetterCaseIsTheSameCustomerWithBothCases() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String email = uniqueEmail();
        String phone = uniquePhone();

        JsonNode first = open(lead, dept.code, customer("Ada Citizen", email, null));
        JsonNode second = open(lead, dept.code, customer("Ada M. Citizen", email.toUpperCase(), phone));

        long customerId = first.get("customerId").asLong();
        assertThat(second.get("customerId").asLong()).isEqualTo(customerId);
        assertThat(jdbc.sql("select count(*) from customers where lower(email) = ?")
                        .param(email)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        ApiClient.Response file = lead.get("/api/customers/" + customerId);
        assertThat(file.status()).isEqualTo(200);
        JsonNode c = file.json().get("customer");
        assertThat(c.get("id").asLong()).isEqualTo(customerId);
        assertThat(c.get("name").asString()).isEqualTo("Ada Citizen");
        assertThat(c.get("email").asString()).isEqualTo(email);
        assertThat(c.get("phone").asString())
                .as("a missing detail is filled in from the later contact")
                .isEqualTo(phone);
        assertThat(c.get("preferredReply").asString()).isEqualTo("EMAIL");
        JsonNode cases = file.json().get("cases");
        assertThat(cases).hasSize(2);
        assertThat(cases.get(0).get("reference").asString())
                .isEqualTo(second.get("reference").asString());
        assertThat(cases.get(1).get("reference").asString())
                .isEqualTo(first.get("reference").asString());
        cases.forEach(k -> assertThat(k.get("customerId").asLong()).isEqualTo(customerId));
        assertThat(lead.get("/api/cases/" + first.get("reference").asString())
                        .json()
                        .get("customerId")
                        .asLong())
                .isEqualTo(customerId);
    }

    @Test
    void aSharedPhoneWithAnotherNameIsAnotherCustomerButTheSameNameIsTheSame() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String phone = uniquePhone();

        long kim = open(lead, dept.code, customer("Kim Nguyen", null, phone))
                .get("customerId")
                .asLong();
        long lee = open(lead, dept.code, customer("Lee Nguyen", null, phone))
                .get("customerId")
                .asLong();
        long kimAgain = open(lead, dept.code, customer("kim nguyen", null, phone.replace(" ", "-")))
                .get("customerId")
                .asLong();

        assertThat(lee).isNotEqualTo(kim);
        assertThat(kimAgain).isEqualTo(kim);
    }

    @Test
    void aSharedPhoneWithTheSameNameButAnotherEmailIsAnotherCustomer() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String phone = uniquePhone();

        long byPhone = open(lead, dept.code, customer("Sam Rivers", null, phone))
                .get("customerId")
                .asLong();
        String email = uniqueEmail();
        long withEmail = open(lead, dept.code, customer("Sam Rivers", email, phone))
                .get("customerId")
                .asLong();
        long otherEmail = open(lead, dept.code, customer("Sam Rivers", uniqueEmail(), phone))
                .get("customerId")
                .asLong();

        assertThat(withEmail)
                .as("the customer known by phone gains the e-mail address")
                .isEqualTo(byPhone);
        assertThat(lead.get("/api/customers/" + byPhone)
                        .json()
                        .get("customer")
                        .get("email")
                        .asString())
                .isEqualTo(email);
        assertThat(otherEmail).isNotEqualTo(byPhone);
    }

    @Test
    void racingRequestsWithTheSameNewEmailCreateOneCustomer() throws Exception {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String email = uniqueEmail();
        List<Callable<ApiClient.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String variant = i % 2 == 0 ? email : email.toUpperCase();
            calls.add(() -> caseFrom(dept.code, customer("Racing Customer", variant, null))
                    .postedBy(lead));
        }
        Set<Long> customerIds = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<ApiClient.Response> f : pool.invokeAll(calls)) {
                assertThat(f.get().status()).as(f.get().body()).isEqualTo(201);
                customerIds.add(f.get().json().get("customerId").asLong());
            }
        }
        assertThat(customerIds).hasSize(1);
        assertThat(jdbc.sql("select count(*) from customers where lower(email) = ?")
                        .param(email)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(lead.get("/api/customers/" + customerIds.iterator().next())
                        .json()
                        .get("cases"))
                .hasSize(8);
    }

    @Test
    void onlyThoseWhoMaySeeOneOfTheirCasesKnowOfACustomer() {
        Dept dept = department();
        Dept other = department();
        String email = uniqueEmail();
        long customerId = open(dept.as(dept.lead), dept.code, customer("Quinn Private", email, null))
                .get("customerId")
                .asLong();
        ApiClient colleague = dept.as(dept.staff(Role.AGENT));
        ApiClient outsider = other.as(other.staff(Role.AGENT));
        ApiClient executive = as(staffWithoutDepartment(Role.EXECUTIVE));

        assertThat(colleague.get("/api/customers/" + customerId).status()).isEqualTo(200);
        assertThat(ids(colleague.get("/api/customers?q=" + q(email)).json())).containsExactly(customerId);

        ApiClient.Response hidden = outsider.get("/api/customers/" + customerId);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.header("Content-Type")).startsWith("application/problem+json");
        assertThat(outsider.get("/api/customers/" + Long.MAX_VALUE).status()).isEqualTo(404);
        assertThat(outsider.get("/api/customers?q=" + q(email)).json()).isEmpty();

        ApiClient.Response seen = executive.get("/api/customers/" + customerId);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.json().get("cases")).hasSize(1);
        assertThat(ids(executive.get("/api/customers?q=" + q(email)).json())).containsExactly(customerId);
    }

    @Test
    void aCustomerShowsOnlyTheCasesTheReaderMaySee() {
        Dept dept = department();
        Dept other = department();
        String email = uniqueEmail();
        JsonNode mine = open(dept.as(dept.lead), dept.code, customer("Robin Two Departments", email, null));
        open(other.as(other.lead), other.code, customer("Robin Two Departments", email, null));
        long customerId = mine.get("customerId").asLong();

        JsonNode cases = dept.as(dept.staff(Role.AGENT))
                .get("/api/customers/" + customerId)
                .json()
                .get("cases");

        assertThat(cases).hasSize(1);
        assertThat(cases.get(0).get("reference").asString())
                .isEqualTo(mine.get("reference").asString());
        assertThat(as(staffWithoutDepartment(Role.EXECUTIVE))
                        .get("/api/customers/" + customerId)
                        .json()
                        .get("cases"))
                .hasSize(2);
    }

    @Test
    void contactDetailsGivenOnAConfidentialCaseShowOnlyToThoseWhoMaySeeIt() {
        Dept dept = department();
        String agent = dept.staff(Role.AGENT);
        String owner = dept.staff(Role.AGENT);
        String email = uniqueEmail();
        String phone = uniquePhone();
        String address = "7 Hidden " + unique() + " Lane, Sydney NSW 2000";
        JsonNode open = open(dept.as(dept.lead), dept.code, customer("Morgan Open", email, null));
        Map<String, Object> secretCustomer = new LinkedHashMap<>(customer("Morgan Hidden", email, phone));
        secretCustomer.put("postalAddress", address);
        CaseBuilder secretCase =
                caseFrom(dept.code, secretCustomer).confidential().ownedBy(owner);
        ApiClient.Response created = secretCase.postedBy(dept.as(dept.lead));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long customerId = open.get("customerId").asLong();
        assertThat(created.json().get("customerId").asLong())
                .as("the same customer")
                .isEqualTo(customerId);

        // The agent sees only the open case: the customer as that case tells it, found only by what it says.
        ApiClient colleague = as(agent);
        JsonNode seen = colleague.get("/api/customers/" + customerId).json().get("customer");
        assertThat(seen.get("name").asString()).isEqualTo("Morgan Open");
        assertThat(seen.get("email").asString()).isEqualTo(email);
        assertThat(seen.hasNonNull("phone")).as(seen.toString()).isFalse();
        assertThat(seen.hasNonNull("postalAddress")).as(seen.toString()).isFalse();
        assertThat(colleague.get("/api/customers/" + customerId).body())
                .doesNotContain("Morgan Hidden")
                .doesNotContain(phone);
        assertThat(colleague.get("/api/customers?q=" + q(email)).body())
                .contains("Morgan Open")
                .doesNotContain(phone)
                .doesNotContain("Morgan Hidden");
        assertThat(colleague.get("/api/customers?q=" + q(phone)).json())
                .as("not found by a number it may not see")
                .isEmpty();
        assertThat(colleague.get("/api/customers?q=" + q("Morgan Hidden")).json())
                .isEmpty();
        FormSession page = new FormSession(port);
        assertThat(page.signIn(agent, PASSWORD)).isTrue();
        String casePage = page.get("/cases/" + open.get("reference").asString()).body();
        assertThat(casePage)
                .contains("Morgan Open")
                .doesNotContain(phone)
                .doesNotContain("Morgan Hidden")
                .doesNotContain("on file");

        // The owner of the confidential case, and an executive, see both cases and so every detail.
        for (String reader : List.of(owner, staffWithoutDepartment(Role.EXECUTIVE))) {
            JsonNode all = as(reader).get("/api/customers/" + customerId).json();
            assertThat(all.get("cases")).hasSize(2);
            assertThat(all.get("customer").get("phone").asString()).isEqualTo(phone);
            assertThat(all.get("customer").get("postalAddress").asString()).isEqualTo(address);
            assertThat(ids(as(reader).get("/api/customers?q=" + q(phone)).json()))
                    .containsExactly(customerId);
            FormSession ownerPage = new FormSession(port);
            assertThat(ownerPage.signIn(reader, PASSWORD)).isTrue();
            assertThat(ownerPage
                            .get("/cases/" + open.get("reference").asString())
                            .body())
                    .contains(phone + " (on file)");
        }
    }

    @Test
    void searchFindsCustomersByEmailNamePrefixAndPhoneDigits() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);
        String tag = unique();
        String email = uniqueEmail();
        String phone = uniquePhone();
        long customerId = open(lead, dept.code, customer("Zephyr" + tag + " Okoro", email, phone))
                .get("customerId")
                .asLong();

        assertThat(ids(lead.get("/api/customers?q=" + q(email.toUpperCase())).json()))
                .containsExactly(customerId);
        assertThat(ids(lead.get("/api/customers?q=" + q("zephyr" + tag.toLowerCase()))
                        .json()))
                .containsExactly(customerId);
        assertThat(ids(lead.get("/api/customers?q=" + q(phone.replace(" ", ""))).json()))
                .containsExactly(customerId);
        assertThat(ids(lead.get("/api/customers?q=" + q(phone.substring(3))).json()))
                .contains(customerId);
        JsonNode found = lead.get("/api/customers?q=" + q(email)).json().get(0);
        assertThat(found.get("name").asString()).isEqualTo("Zephyr" + tag + " Okoro");
        assertThat(found.get("email").asString()).isEqualTo(email);
        assertThat(found.get("phone").asString()).isEqualTo(phone);
    }

    @Test
    void searchTreatsLikeWildcardsAsText() {
        Dept dept = department();
        ApiClient executive = as(staffWithoutDepartment(Role.EXECUTIVE));
        open(dept.as(dept.lead), dept.code, customer("Percent" + unique(), uniqueEmail(), null));

        // As wildcards they would match every customer; as text only those (from other tests) that contain them.
        for (String wildcards : List.of("%%%", "___")) {
            assertThat(executive.get("/api/customers?q=" + q(wildcards)).json())
                    .allSatisfy(c -> assertThat(c.get("name").asString() + " "
                                    + c.path("email").asString("") + " "
                                    + c.path("phone").asString(""))
                            .contains(wildcards));
        }
    }

    @Test
    void aTooShortQueryIsAProblem400() {
        Dept dept = department();
        ApiClient lead = dept.as(dept.lead);

        for (String path :
                List.of("/api/customers?q=a", "/api/customers?q=ab", "/api/customers?q=%20%20", "/api/customers")) {
            ApiClient.Response response = lead.get(path);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("q");
        }
        assertThat(lead.get("/api/customers/not-a-number").status()).isEqualTo(400);
        assertThat(anonymous().get("/api/customers?q=ada").status()).isEqualTo(401);
    }
}
