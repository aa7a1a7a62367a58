package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hearken.support.ApiClient;
import org.hearken.support.FormSession;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Password guessing is slowed down per account and client address, counted atomically, and an attacker cannot lock the
 * real user out: the right password from an address that has not failed is always checked.
 */
class LoginThrottleIT extends IntegrationTest {

    private ApiClient from(String address, String username, String password) {
        return ApiClient.basic(port, username, password).with("X-Forwarded-For", address);
    }

    @Test
    void fiveWrongPasswordsFromOneAddressStopThatAddressForAWhileAndThenItWorksAgain() {
        String username = staffWithoutDepartment(Role.AGENT);
        String attacker = uniqueClientAddress();
        for (int i = 0; i < 5; i++) {
            assertThat(from(attacker, username, "not the password")
                            .get("/api/cases")
                            .status())
                    .isEqualTo(401);
        }
        ApiClient.Response refused = from(attacker, username, PASSWORD).get("/api/cases");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");

        clock.advance(Duration.ofMinutes(16));
        assertThat(from(attacker, username, PASSWORD).get("/api/cases").status())
                .isEqualTo(200);
    }

    @Test
    void aNameTheDatabaseCannotKeepIsAWrongSignInNotAServerError() {
        String address = uniqueClientAddress();
        String name = "nul" + unique().toLowerCase();
        for (String typed : List.of(name + "\u0000", "half \uD800 pair")) {
            ApiClient.Response r = from(address, typed, "guess").get("/api/cases");
            assertThat(r.status()).as(typed).isEqualTo(401);
        }
        assertThat(jdbc.sql("select count(*) from security_audit where target = ? and action = 'SIGN_IN_FAILED'")
                        .param(name + "\uFFFD")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void anAttackersFailuresDoNotStopTheRealUserSigningInFromAnotherAddress() {
        String username = staffWithoutDepartment(Role.AGENT);
        // One address guessing over and over, then a handful of others: the account is under attack.
        String attacker = uniqueClientAddress();
        for (int i = 0; i < 20; i++) {
            assertThat(from(attacker, username, "guess " + i).get("/api/cases").status())
                    .isIn(401, 429);
        }
        for (int a = 0; a < 6; a++) {
            String other = uniqueClientAddress();
            for (int i = 0; i < 5; i++) {
                assertThat(from(other, username, "guess " + a + "/" + i)
                                .get("/api/cases")
                                .status())
                        .isIn(401, 429);
            }
        }
        assertThat(from(attacker, username, PASSWORD).get("/api/cases").status())
                .isEqualTo(429);

        String realUser = uniqueClientAddress();
        assertThat(from(realUser, username, PASSWORD).get("/api/cases").status())
                .isEqualTo(200);
        assertThat(new FormSession(port, uniqueClientAddress()).signIn(username, PASSWORD))
                .as("the sign-in form from a fresh address")
                .isTrue();
    }

    @Test
    void twelveSimultaneousWrongGuessesFromOneAddressGetAtMostFivePasswordsChecked() throws Exception {
        String username = staffWithoutDepartment(Role.AGENT);
        String attacker = uniqueClientAddress();
        int guesses = 12;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(guesses)) {
            for (int i = 0; i < guesses; i++) {
                ApiClient guess = from(attacker, username, "simultaneous guess " + i);
                answers.add(pool.submit(() -> {
                    start.await();
                    return guess.get("/api/cases").status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            // 401: the password was checked and was wrong; 429: refused before any check.
            assertThat(statuses.stream().filter(s -> s == 401).count())
                    .as("passwords checked")
                    .isEqualTo(5);
            assertThat(statuses.stream().filter(s -> s == 429).count())
                    .as("refused unchecked")
                    .isEqualTo(guesses - 5);
        }
    }

    @Test
    void theSignInFormSaysWhenAnAddressIsThrottledAndStoresNoSessionForFailures() {
        String username = staffWithoutDepartment(Role.AGENT);
        FormSession attacker = new FormSession(port, uniqueClientAddress());
        for (int i = 0; i < 5; i++) {
            assertThat(attacker.signIn(username, "wrong " + i)).isFalse();
        }
        String login = attacker.get("/login").body();
        FormSession.Page refused = attacker.post(
                "/login",
                FormSession.form("username", username, "password", PASSWORD, "_csrf", FormSession.csrf(login)));
        assertThat(refused.location()).endsWith("/login?throttled");
        assertThat(attacker.session()).isNull();
    }
}
