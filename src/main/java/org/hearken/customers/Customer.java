package org.hearken.customers;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.hearken.cases.CustomerCases;
import org.hearken.cases.CustomerContact;
import org.hearken.cases.PreferredReply;

/**
 * A person or organisation who has given feedback, with their contact details. Staff are shown the customer as their
 * cases describe them ({@link #asSeenOn}), so that a detail given only on a case the reader may not open never shows.
 */
public record Customer(
        long id,
        String name,
        String email,
        String phone,
        String postalAddress,
        PreferredReply preferredReply,
        Instant createdAt) {

    /**
     * The customer as the cases the reader may see tell it. Each detail is the one on file when one of those cases gave
     * it, otherwise the newest of them that gave one, otherwise none; known since the first of those cases: the record
     * on file gathers the details of every case, confidential ones too.
     */
    static Customer asSeenOn(Customer onFile, CustomerCases cases) {
        List<CustomerContact> seen = cases.contacts();
        if (seen.isEmpty() || cases.customerId() != onFile.id()) {
            throw new IllegalArgumentException("a customer is shown only from cases of theirs that the reader may see");
        }
        return new Customer(
                onFile.id(),
                pick(onFile.name(), seen, CustomerContact::name, Customer::sameText),
                pick(onFile.email(), seen, CustomerContact::email, Customer::sameText),
                pick(
                        onFile.phone(),
                        seen,
                        CustomerContact::phone,
                        (a, b) -> Objects.equals(CustomerDirectory.digits(a), CustomerDirectory.digits(b))),
                pick(onFile.postalAddress(), seen, CustomerContact::postalAddress, Customer::sameText),
                pick(onFile.preferredReply(), seen, CustomerContact::preferredReply, Objects::equals),
                cases.firstLoggedAt());
    }

    private static <T> T pick(
            T onFile, List<CustomerContact> seen, Function<CustomerContact, T> detail, BiPredicate<T, T> same) {
        T newest = null;
        for (CustomerContact contact : seen) {
            T value = detail.apply(contact);
            if (value == null || (value instanceof String s && s.isBlank())) {
                continue;
            }
            if (onFile != null && same.test(onFile, value)) {
                return onFile;
            }
            if (newest == null) {
                newest = value;
            }
        }
        return newest;
    }

    private static boolean sameText(String a, String b) {
        return normalised(a).equals(normalised(b));
    }

    private static String normalised(String s) {
        return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
