package org.hearken.customers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.hearken.cases.CustomerCases;
import org.hearken.cases.CustomerContact;
import org.hearken.cases.PreferredReply;
import org.junit.jupiter.api.Test;

class CustomerTest {

    private static final Instant FILED = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant FIRST_SEEN = Instant.parse("2026-02-01T00:00:00Z");
    private static final Customer ON_FILE = new Customer(
            7, "Ada Citizen", "ada@example.net", "02 5550 1234", "1 Secret Street", PreferredReply.POST, FILED);

    private static Customer seenOn(CustomerContact... contacts) {
        return Customer.asSeenOn(ON_FILE, new CustomerCases(7, List.of(contacts), FIRST_SEEN));
    }

    @Test
    void detailsGivenOnlyOnCasesTheReaderMayNotSeeAreLeftOut() {
        Customer seen = seenOn(new CustomerContact("Ada Citizen", "ada@example.net", null, null, PreferredReply.EMAIL));
        assertThat(seen.phone()).isNull();
        assertThat(seen.postalAddress()).isNull();
        assertThat(seen.preferredReply()).isEqualTo(PreferredReply.EMAIL);
        assertThat(seen.email()).isEqualTo("ada@example.net");
        assertThat(seen.createdAt())
                .as("known since the first case the reader may see")
                .isEqualTo(FIRST_SEEN);
    }

    @Test
    void theDetailOnFileIsShownWhenACaseTheReaderMaySeeGaveIt() {
        Customer seen = seenOn(new CustomerContact(
                "ADA  citizen", "ADA@example.net", "(02) 5550-1234", "1 secret street", PreferredReply.POST));
        assertThat(seen)
                .isEqualTo(new Customer(
                        7,
                        "Ada Citizen",
                        "ada@example.net",
                        "02 5550 1234",
                        "1 Secret Street",
                        PreferredReply.POST,
                        FIRST_SEEN));
    }

    @Test
    void otherwiseTheNewestCaseThatGaveTheDetailSpeaks() {
        Customer seen = seenOn(
                new CustomerContact("Ada C.", "ada@example.net", " ", null, PreferredReply.EMAIL),
                new CustomerContact(
                        "Ada Citizen-Smith", "ada@example.net", "0400 000 000", "9 Open Road", PreferredReply.PHONE));
        assertThat(seen.name()).isEqualTo("Ada C.");
        assertThat(seen.phone()).isEqualTo("0400 000 000");
        assertThat(seen.postalAddress()).isEqualTo("9 Open Road");
    }

    @Test
    void aCustomerIsShownOnlyFromTheirOwnVisibleCases() {
        assertThatThrownBy(() -> Customer.asSeenOn(ON_FILE, new CustomerCases(7, List.of(), FIRST_SEEN)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Customer.asSeenOn(
                        ON_FILE,
                        new CustomerCases(
                                8,
                                List.of(new CustomerContact("x", null, null, null, PreferredReply.EMAIL)),
                                FIRST_SEEN)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
