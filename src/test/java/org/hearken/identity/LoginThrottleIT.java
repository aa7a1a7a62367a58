package org.hearken.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.hearken.support.ApiClient;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/** Password guessing is slowed down: after five failures a username is refused, even with the right password. */
class LoginThrottleIT extends IntegrationTest {

    @Test
    void fiveWrongPasswordsLockTheUsernameForAWhileAndThenItWorksAgain() {
        String username = staffWithoutDepartment(Role.AGENT);
        ApiClient wrong = ApiClient.basic(port, username, "not the password");
        for (int i = 0; i < 5; i++) {
            assertThat(wrong.get("/api/cases").status()).isEqualTo(401);
        }
        ApiClient.Response refused = as(username).get("/api/cases");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();

        clock.advance(java.time.Duration.ofMinutes(16));
        assertThat(as(username).get("/api/cases").status()).isEqualTo(200);
    }
}
