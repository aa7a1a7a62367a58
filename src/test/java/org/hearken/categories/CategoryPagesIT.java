package org.hearken.categories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.FormSession.form;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The administration page for the root-cause categories, signed in through the sign-in form, over real HTTP. */
class CategoryPagesIT extends IntegrationTest {

    /** Posts a form of the categories page with the CSRF token the page gives. */
    private static FormSession.Page submit(FormSession session, String path, String... fields) {
        Map<String, String> sent = new LinkedHashMap<>(form(fields));
        sent.put("_csrf", FormSession.csrf(session.get("/admin/categories").body()));
        return session.post(path, sent);
    }

    private static void redirectsToTheList(FormSession.Page page) {
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        assertThat(page.location()).endsWith("/admin/categories");
    }

    private static List<String> codes(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        response.json().forEach(c -> codes.add(c.get("code").asString()));
        return codes;
    }

    private long categoriesNamed(String name) {
        return jdbc.sql("select count(*) from category where lower(name) = lower(?)")
                .param(name)
                .query(Long.class)
                .single();
    }

    @Test
    void anAdministratorAddsRenamesRetiresAndReactivatesACategoryThatTheApiThenUses() {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        FormSession session = signedIn(admin);
        String code = "BINS_" + unique();
        String name = "Bins " + code;

        // The code is taken in capitals, as it is shown.
        redirectsToTheList(submit(
                session,
                "/admin/categories",
                "code",
                " " + code.toLowerCase() + " ",
                "name",
                name,
                "description",
                "Missed, late or <b>damaged</b> collections"));
        String list = session.get("/admin/categories").body();
        assertThat(list)
                .contains("Added the category " + name + " (" + code + ").", "id=\"category-" + code + "\"")
                // Shown as text, never as markup.
                .contains("Missed, late or &lt;b&gt;damaged&lt;/b&gt; collections")
                .doesNotContain("<b>damaged</b>");

        ApiClient lead = as(dept.lead);
        assertThat(codes(lead.get("/api/categories"))).contains(code, "DELAY");
        JsonNode stored = lead.get("/api/categories/" + code).json();
        assertThat(stored.get("name").asString()).isEqualTo(name);
        assertThat(stored.get("active").asBoolean()).isTrue();
        assertThat(stored.get("position").asInt())
                .as("after the others, before Other")
                .isLessThan(1000);

        // A case resolved at first contact is filed under it, and the page counts it.
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "COMPLAINT");
        body.put("channel", "PHONE");
        body.put("subject", "Bin not emptied");
        body.put("description", "The bin was not emptied on Tuesday.");
        body.put("customer", Map.of("name", "Robin Customer", "phone", "07 5550 1000", "preferredReply", "PHONE"));
        body.put("department", dept.code);
        body.put(
                "resolvedAtFirstContact",
                Map.of(
                        "resolution",
                        "Collected the next morning.",
                        "outcome",
                        "RESOLVED",
                        "category",
                        code.toLowerCase()));
        ApiClient.Response opened = lead.post("/api/cases", body);
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        assertThat(session.get("/admin/categories").body())
                .containsPattern("id=\"category-" + code + "\">(?s:(?!</tr>).)*<td class=\"num\">1</td>");

        // Renamed, described anew and moved; the code stays.
        redirectsToTheList(submit(
                session, "/admin/categories/" + code, "name", "Waste " + code, "description", "", "position", "15"));
        stored = lead.get("/api/categories/" + code).json();
        assertThat(stored.get("name").asString()).isEqualTo("Waste " + code);
        assertThat(stored.hasNonNull("description")).as("description cleared").isFalse();
        assertThat(stored.get("position").asInt()).isEqualTo(15);
        assertThat(session.get("/admin/categories").body()).contains("Saved the category Waste " + code);

        // Retired: no longer offered nor accepted, still listed with all=true and on the page.
        redirectsToTheList(submit(session, "/admin/categories/" + code + "/retire"));
        assertThat(codes(lead.get("/api/categories"))).doesNotContain(code);
        assertThat(codes(lead.get("/api/categories?all=true"))).contains(code);
        assertThat(lead.post("/api/cases", body).status()).isEqualTo(400);
        String retired = session.get("/admin/categories").body();
        assertThat(retired).contains("is retired", "Retired", "/admin/categories/" + code + "/reactivate");

        redirectsToTheList(submit(session, "/admin/categories/" + code + "/reactivate"));
        assertThat(codes(lead.get("/api/categories"))).contains(code);
        assertThat(session.get("/admin/categories").body()).contains("can be chosen for responses again");
    }

    @Test
    void aRefusedFormAnswers400WithTheMessageNextToTheFieldAndStoresNothing() {
        String admin = staffWithoutDepartment(Role.ADMIN);
        FormSession session = signedIn(admin);
        long before =
                jdbc.sql("select count(*) from category").query(Long.class).single();

        FormSession.Page blank = submit(session, "/admin/categories", "code", "9 lives", "name", "  ");
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body())
                .contains("Nothing was changed")
                .contains(
                        "id=\"code-error\">Use a capital letter, then up to 39 capital letters, digits or _, such as WASTE_BINS.<")
                .contains("id=\"name-error\">Enter the category&#39;s name.<")
                .contains("value=\"9 LIVES\"")
                .doesNotContain("Exception", "at org.");

        FormSession.Page takenCode = submit(session, "/admin/categories", "code", "DELAY", "name", "Slow " + unique());
        assertThat(takenCode.status()).isEqualTo(400);
        assertThat(takenCode.body()).contains("id=\"code-error\">There is already a category DELAY.<");

        String code = "LATE_" + unique();
        FormSession.Page takenName = submit(session, "/admin/categories", "code", code, "name", "delay");
        assertThat(takenName.status()).isEqualTo(400);
        assertThat(takenName.body()).contains("id=\"name-error\">The category DELAY is already named delay.<");

        FormSession.Page tooLong = submit(session, "/admin/categories", "code", code, "name", "x".repeat(101));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("id=\"name-error\">Use at most 100 characters.<");
        assertThat(jdbc.sql("select count(*) from category").query(Long.class).single())
                .isEqualTo(before);

        // The API refuses the same things with the same words.
        ApiClient api = as(admin);
        ApiClient.Response apiBlank = api.post("/api/categories", Map.of("code", "9 lives", "name", "  "));
        assertThat(apiBlank.status()).isEqualTo(400);
        assertThat(apiBlank.body()).contains("enter the category's name", "use a capital letter, then up to 39");
        assertThat(api.post("/api/categories", Map.of("code", "DELAY", "name", "Slow " + unique()))
                        .status())
                .isEqualTo(409);
        ApiClient.Response apiTakenName = api.post("/api/categories", Map.of("code", code, "name", "delay"));
        assertThat(apiTakenName.status()).isEqualTo(409);
        assertThat(apiTakenName.json().get("field").asString()).isEqualTo("name");

        // Editing: a blank name, a name taken by another category and an order that is not a number.
        String name = "Parking " + code;
        redirectsToTheList(submit(session, "/admin/categories", "code", code, "name", name));
        FormSession.Page blankName =
                submit(session, "/admin/categories/" + code, "name", " ", "description", "", "position", "");
        assertThat(blankName.status()).isEqualTo(400);
        assertThat(blankName.body())
                .contains("id=\"name-" + code + "-error\">Enter the category&#39;s name.<")
                .containsPattern(
                        "<details class=\"action\" open[^>]*>\\s*<summary>Edit <span class=\"visually-hidden\">"
                                + name);
        FormSession.Page clash = submit(session, "/admin/categories/" + code, "name", "Delay", "position", "");
        assertThat(clash.status()).isEqualTo(400);
        assertThat(clash.body()).contains("id=\"name-" + code + "-error\">The category DELAY is already named Delay.<");
        FormSession.Page notANumber =
                submit(session, "/admin/categories/" + code, "name", "Other name " + code, "position", "soon");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.body())
                .contains("id=\"position-" + code + "-error\">Enter a whole number")
                .contains("value=\"Other name " + code + "\"", "value=\"soon\"");
        assertThat(categoriesNamed(name)).isEqualTo(1);
        assertThat(categoriesNamed("Other name " + code)).isZero();
        assertThat(categoriesNamed("Delay")).isEqualTo(1);

        assertThat(submit(session, "/admin/categories/NO_SUCH_" + unique(), "name", "Anything")
                        .status())
                .isEqualTo(404);
        assertThat(submit(session, "/admin/categories/NO_SUCH_" + unique() + "/retire")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void onlyAdministratorsReachThePage() {
        Dept dept = department();
        String admin = staffWithoutDepartment(Role.ADMIN);
        String agent = dept.staff(Role.AGENT);
        String executive = staffWithoutDepartment(Role.EXECUTIVE);

        FormSession adminSession = signedIn(admin);
        assertThat(adminSession.get("/admin").body()).contains("href=\"/admin/categories\"");
        assertThat(adminSession.get("/admin/categories").status()).isEqualTo(200);
        assertThat(signedIn(dept.lead).get("/admin").body()).doesNotContain("href=\"/admin/categories\"");

        String code = "REFUSED_" + unique();
        for (String username : List.of(dept.lead, agent, executive)) {
            FormSession session = signedIn(username);
            assertThat(session.get("/admin/categories").status()).as(username).isEqualTo(403);
            // A real token from a page they may open, so the refusal comes from the role, not from CSRF.
            String token = FormSession.csrf(session.get("/notifications").body());
            assertThat(session.post("/admin/categories", form("code", code, "name", "Refused " + code, "_csrf", token))
                            .status())
                    .as(username)
                    .isEqualTo(403);
            assertThat(session.post("/admin/categories/DELAY/retire", form("_csrf", token))
                            .status())
                    .as(username)
                    .isEqualTo(403);
        }
        assertThat(jdbc.sql("select count(*) from category where code = ?")
                        .param(code)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(as(agent).get("/api/categories/DELAY").json().get("active").asBoolean())
                .isTrue();
        // Not signed in: to the sign-in page.
        assertThat(new FormSession(port).get("/admin/categories").location()).endsWith("/login");
    }
}
