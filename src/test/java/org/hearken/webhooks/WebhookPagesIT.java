package org.hearken.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.aComplaint;

import org.hearken.identity.Role;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class WebhookPagesIT extends IntegrationTest {

    @Autowired
    Webhooks webhooks;

    @Test
    void anAdministratorAddsASubscriptionSeesItsSecretOnceAndReadsItsDeliveries() throws Exception {
        String adminName = staffWithoutDepartment(Role.ADMIN);
        FormSession admin = signedIn(adminName);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String name = "CRM " + unique();
            FormSession.Page created = admin.post(
                    "/admin/webhooks",
                    "name",
                    name,
                    "url",
                    receiver.url(),
                    "eventTypes",
                    "CaseOpened",
                    "eventTypes",
                    "NoteAdded");
            assertThat(created.status()).isEqualTo(200);
            Document page = created.html();
            String secret = page.select("#secret-value").text();
            assertThat(secret).startsWith("whsec_");
            String path = page.select("form[action$=/pause]").attr("action").replace("/pause", "");
            assertThat(path).startsWith("/admin/webhooks/");

            Dept dept = department();
            String ref = aComplaint().inDepartment(dept).open();
            webhooks.runDueNow();
            assertThat(receiver.about(ref)).hasSize(1);

            Document detail = admin.get(path).expect(200).html();
            assertThat(detail.text()).doesNotContain(secret.substring(6));
            assertThat(detail.select("#deliveries").text()).contains("CaseOpened", ref, "DELIVERED");
            String link = detail.select("#deliveries a").first().attr("href");
            Document delivery = admin.get(link).expect(200).html();
            assertThat(delivery.select("#attempts").text()).contains("204");

            FormSession.Page paused = admin.post(path + "/pause");
            assertThat(admin.flash(paused)).contains("paused");
            assertThat(admin.get("/admin/webhooks")
                            .expect(200)
                            .html()
                            .select("#subscriptions")
                            .text())
                    .contains(name, "Paused");
            admin.post(path + "/delete");
        }
    }

    @Test
    void aReceiverThatIsNotHttpsIsRefusedNextToItsFieldAndNothingIsAdded() {
        FormSession admin = signedIn(staffWithoutDepartment(Role.ADMIN));
        String name = "Bad " + unique();
        FormSession.Page refused = admin.post("/admin/webhooks", "name", name, "url", "ftp://crm.example.org/x");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html().select("#url-error").text()).contains("https");
        assertThat(admin.get("/admin/webhooks").expect(200).body()).doesNotContain(name);
    }

    @Test
    void onlyAdministratorsReachTheWebhookPages() {
        Dept dept = department();
        FormSession manager = signedIn(dept.lead);
        assertThat(manager.get("/admin/webhooks").status()).isEqualTo(403);
        assertThat(manager.postWithoutCsrf("/admin/webhooks", "name", "x", "url", "https://a.example.org")
                        .status())
                .isEqualTo(403);
    }
}
