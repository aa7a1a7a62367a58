package org.hearken.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.hearken.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The customer search's candidates, read through either of its two ways (those who start with the text, from the
 * names' index in order; everyone who contains it), equal the rule worked out in Java over the same customers: exact
 * matches first, then those who start with the text, then the rest, each by lower-case name and then id.
 */
class CustomerSearchOrderIT extends IntegrationTest {

    @Autowired
    CustomerDirectory directory;

    private record Row(long id, String name, String email, String phone) {}

    @Test
    void candidatesAreTheRuleInJavaWhicheverWayTheyAreRead() {
        // Twelve letters of this test's own (hexadecimal digits moved to the letters g to v): in no other test's names.
        String token = unique().toLowerCase(Locale.ROOT)
                .chars()
                .map(c -> 'g' + Character.digit(c, 16))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        Random random = new Random(token.hashCode());
        List<Row> rows = new ArrayList<>();
        // Names that start with the token in several letter cases, some sharing a name; names and e-mail addresses
        // that only contain it; e-mail addresses that start with it; one exact name, one exact e-mail address.
        for (int i = 0; i < 40; i++) {
            String start = random.nextBoolean() ? token : token.toUpperCase(Locale.ROOT);
            rows.add(insert(start + " " + surname(random), "p" + i + token + "x@example.net", null));
        }
        rows.add(insert(token + " Twin", null, "02 5550 0001"));
        rows.add(insert(token.toUpperCase(Locale.ROOT) + " TWIN", null, "02 5550 0002"));
        for (int i = 0; i < 8; i++) {
            rows.add(insert(surname(random) + " " + token + surname(random), null, "02 5551 000" + i));
        }
        for (int i = 0; i < 5; i++) {
            rows.add(insert(surname(random), token + i + "@example.net", null));
        }
        rows.add(insert(token, "exact-name-" + token.length() + "@example.org", null));
        rows.add(insert("Exact Email", token, null));

        for (String q : List.of(token, token.toUpperCase(Locale.ROOT), token.substring(0, token.length() - 1))) {
            for (int limit : List.of(1, 5, 20, 44, 45, 46, 49, 60, 200)) {
                assertThat(directory.candidates(q, limit).stream()
                                .map(Customer::id)
                                .toList())
                        .as("q=%s limit=%d", q, limit)
                        .isEqualTo(expected(rows, q, limit));
            }
        }
    }

    private Row insert(String name, String email, String phone) {
        Timestamp now = Timestamp.from(Instant.parse("2026-03-02T09:00:00Z"));
        long id = jdbc.sql("""
                        insert into customers (name, email, phone, preferred_reply, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?) returning id""")
                .params(name, email, phone, email == null ? "PHONE" : "EMAIL", now, now)
                .query(Long.class)
                .single();
        return new Row(id, name, email, phone);
    }

    private static String surname(Random random) {
        StringBuilder s = new StringBuilder().append((char) ('A' + random.nextInt(26)));
        for (int i = 0; i < 5; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    /** The rule, over this test's own customers (the token is in no other test's). */
    private static List<Long> expected(List<Row> rows, String q, int limit) {
        String t = q.toLowerCase(Locale.ROOT);
        return rows.stream()
                .filter(r -> lower(r.name()).contains(t) || lower(r.email()).contains(t))
                .sorted(Comparator.<Row>comparingInt(r -> rank(r, t))
                        .thenComparing(r -> lower(r.name()))
                        .thenComparingLong(Row::id))
                .limit(limit)
                .map(Row::id)
                .toList();
    }

    private static int rank(Row r, String t) {
        if (lower(r.name()).equals(t) || lower(r.email()).equals(t)) {
            return 0;
        }
        return lower(r.name()).startsWith(t) || lower(r.email()).startsWith(t) ? 1 : 2;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
