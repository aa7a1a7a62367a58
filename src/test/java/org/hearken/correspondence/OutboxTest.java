package org.hearken.correspondence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutboxTest {

    @Test
    void mailToStaffIsAlwaysAutomaticButNeverHeldByTheCustomersLimit() {
        assertThat(Outbox.STAFF.automatic(Outbox.STAFF_NOTICE)).isTrue();
        assertThat(Outbox.STAFF.limitedPerAddress(Outbox.STAFF_NOTICE)).isFalse();
    }

    @Test
    void mailToCustomersIsAutomaticAndLimitedByItsTemplate() {
        assertThat(Outbox.CUSTOMERS.automatic("ACKNOWLEDGEMENT")).isTrue();
        assertThat(Outbox.CUSTOMERS.limitedPerAddress("ACKNOWLEDGEMENT")).isTrue();
        assertThat(Outbox.CUSTOMERS.automatic("SUBSTANTIVE_RESPONSE")).isFalse();
        assertThat(Outbox.CUSTOMERS.limitedPerAddress("MESSAGE")).isFalse();
    }
}
