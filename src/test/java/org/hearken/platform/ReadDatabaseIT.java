package org.hearken.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearken.support.CaseBuilder.EMAIL;
import static org.hearken.support.CaseBuilder.aComplaint;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.hearken.identity.Role;
import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reports, searches and exports read through the read database when {@code hearken.database.read.url} is set. The
 * tests' read URL (support/TestDatabase) is the test database itself, reached through its own pool with the schema
 * {@value #SHADOW} ahead of {@code public} in its search path. That schema is empty, so the read pool sees what the
 * main one sees; here a test puts an empty view in it under the name of a table a read uses: then only a read made
 * through the read pool comes back empty, and the test tells which pool served it.
 */
class ReadDatabaseIT extends IntegrationTest {

    static final String SHADOW = "hearken_read_check";

    @Autowired
    ReadDatabase read;

    @Test
    void aDatabaseThatIsNoStandbyIsUpToDateAndTheReportSaysSo() {
        assertThat(read.replicated()).isTrue();
        assertThat(read.lag().state()).isEqualTo(ReplicaLag.State.UP_TO_DATE);

        Dept dept = department();
        ApiClient manager = as(dept.lead);
        ApiClient.Response report = manager.get("/api/reports?department=" + dept.code);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().get("readReplica").get("state").asString()).isEqualTo("UP_TO_DATE");
        assertThat(report.json().get("readReplica").get("text").asString()).isEqualTo("up to date");
        assertThat(signedIn(dept.lead)
                        .get("/reports?department=" + dept.code)
                        .html()
                        .select(".replica-lag")
                        .text())
                .isEqualTo("Read from the replica: up to date");
        // The read pool's connections are its own, named in pg_stat_activity.
        assertThat(jdbc.sql("select count(*) from pg_stat_activity where application_name = ?")
                        .param(ReadDatabase.POOL_NAME)
                        .query(Long.class)
                        .single())
                .isPositive();
    }

    @Test
    void theReportIsReadThroughTheReadDatabase() {
        Dept dept = department();
        ApiClient manager = as(dept.lead);
        aComplaint().by(EMAIL).inDepartment(dept).openBy(manager);
        Supplier<Long> received = () -> manager.get("/api/reports?department=" + dept.code)
                .json()
                .get("headline")
                .get("received")
                .asLong();
        Supplier<Long> compliance = () -> manager.get("/api/reports/compliance?department=" + dept.code)
                .json()
                .get("headline")
                .get("received")
                .asLong();
        Supplier<String> csv = () -> new String(
                manager.download("/api/reports/volume-by-kind.csv?department=" + dept.code)
                        .bytes(),
                StandardCharsets.UTF_8);
        assertThat(received.get()).isEqualTo(1);
        assertThat(compliance.get()).isEqualTo(1);
        String table = csv.get();

        shadowed("report_case", () -> {
            assertThat(received.get()).isZero();
            assertThat(compliance.get()).isZero();
            assertThat(csv.get()).isNotEqualTo(table);
        });
        assertThat(received.get()).isEqualTo(1);
        assertThat(csv.get()).isEqualTo(table);
    }

    @Test
    void theStaffSearchIsReadThroughTheReadDatabase() {
        Dept dept = department();
        String word = "Zq" + unique().toLowerCase();
        String reference = aComplaint()
                .by(EMAIL)
                .subject("Bins missed on " + word + " street")
                .inDepartment(dept)
                .openBy(as(dept.lead))
                .get("reference")
                .asString();
        Supplier<String> results =
                () -> signedIn(dept.lead).get("/cases/search?q=" + word).body();
        assertThat(results.get()).contains(reference);
        // Every case list joins the departments' names; the read pool's view of them is empty now.
        shadowed("department_directory", () -> assertThat(results.get()).doesNotContain(reference));
        assertThat(results.get()).contains(reference);
        // The department's queue is no search: it still reads the main database.
        shadowed(
                "department_directory",
                () -> assertThat(signedIn(dept.lead).get("/cases/queue").body()).contains(reference));
    }

    @Test
    void theCustomerSearchIsReadThroughTheReadDatabase() {
        Dept dept = department();
        ApiClient lead = as(dept.lead);
        String name = "Readley " + unique();
        aComplaint()
                .by(EMAIL)
                .customer(Map.of("name", name, "email", "r" + unique().toLowerCase() + "@example.net"))
                .inDepartment(dept)
                .openBy(lead);
        Supplier<Integer> found = () ->
                lead.get("/api/customers?q=" + name.replace(" ", "%20")).json().size();
        assertThat(found.get()).isEqualTo(1);
        shadowed("customers", () -> assertThat(found.get()).isZero());
        assertThat(found.get()).isEqualTo(1);
    }

    @Test
    void theRegisterExportIsReadThroughTheReadDatabase() {
        Dept dept = department();
        String reference = aComplaint()
                .by(EMAIL)
                .inDepartment(dept)
                .openBy(as(dept.lead))
                .get("reference")
                .asString();
        ApiClient executive = as(staffWithoutDepartment(Role.EXECUTIVE));
        Supplier<String> export =
                () -> new String(executive.download("/api/register/export.csv").bytes(), StandardCharsets.UTF_8);
        assertThat(export.get()).contains(reference);
        shadowed(
                "register_event",
                () -> assertThat(export.get()).doesNotContain(reference).startsWith("event_id,"));
    }

    /** Runs {@code check} while the read pool sees {@code table} empty, and the main pool sees it as it is. */
    private void shadowed(String table, Runnable check) {
        jdbc.sql("create schema if not exists " + SHADOW).update();
        jdbc.sql("create view " + SHADOW + "." + table + " as select * from public." + table + " where false")
                .update();
        try {
            check.run();
        } finally {
            jdbc.sql("drop view " + SHADOW + "." + table).update();
        }
    }
}
