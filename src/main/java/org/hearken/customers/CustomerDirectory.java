package org.hearken.customers;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hearken.cases.CustomerContact;
import org.hearken.platform.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customers module's public service for intake: the customer record behind a contact given at intake, found again
 * rather than duplicated. It knows nothing of who is asking, so its look-ups stay inside the module: staff are shown
 * customers only through {@link CustomerAccess}.
 */
@Service
public class CustomerDirectory {

    static final int MAX_SEARCH = 50;

    /**
     * The shortest fragment searched for, in characters (and in digits of a phone number): a trigram's length, the least
     * the trigram indexes (V221) can narrow a search by.
     */
    static final int MIN_SEARCH = 3;

    private static final String COLUMNS = "id, name, email, phone, postal_address, preferred_reply, created_at";
    private static final Pattern PHONE_LIKE = Pattern.compile("[+0-9 ()./-]+");
    private static final Pattern NOT_DIGIT = Pattern.compile("[^0-9]");

    private final JdbcClient jdbc;
    private final JdbcClient read;
    private final Clock clock;

    CustomerDirectory(JdbcClient jdbc, org.hearken.platform.ReadDatabase read, Clock clock) {
        this.jdbc = jdbc;
        this.read = read.jdbc();
        this.clock = clock;
    }

    /**
     * The customer this contact belongs to: the one with the same e-mail address (in any letter case); else, the one
     * with the same phone number and name, unless that one has a different e-mail address, because households share a
     * phone; else a new customer. A customer found again gains the contact details it lacked; details it has are kept.
     * Joins the caller's transaction, and two of them for the same new e-mail address, even at the same time, end with
     * one customer.
     */
    @Transactional
    public Customer findOrCreate(CustomerContact contact) {
        String email = blankToNull(contact.email());
        String phone = blankToNull(contact.phone());
        String phoneKey = digits(phone);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String address = blankToNull(contact.postalAddress());
        if (email != null) {
            // Most contacts are from people we know, with nothing new to add: one read, no lock, no write.
            Optional<Customer> known = jdbc.sql(
                            "select " + COLUMNS + " from customers where lower(email) = lower(:email)")
                    .param("email", email)
                    .query(Customer.class)
                    .optional();
            if (known.isPresent()
                    && (phone == null || known.get().phone() != null)
                    && (address == null || known.get().postalAddress() != null)) {
                return known.get();
            }
        }
        // Without a phone number the e-mail address alone decides, and its unique index settles a race in the insert
        // below. A phone number may match a customer without an e-mail address, which no index can find for us: then
        // look-up and insert are serialised per e-mail and per phone and name, so that a racing request waits and then
        // finds what the first one created. Always e-mail first, then phone, so that two requests cannot deadlock.
        Optional<Long> existing = phoneKey == null ? Optional.empty() : lockAndFind(email, phoneKey, contact.name());
        if (existing.isPresent()) {
            return jdbc.sql("""
                            update customers
                            set email = coalesce(email, :email), phone = coalesce(phone, :phone),
                                postal_address = coalesce(postal_address, :address), updated_at = :now
                            where id = :id
                            returning\s""" + COLUMNS)
                    .param("email", email)
                    .param("phone", phone)
                    .param("address", address)
                    .param("now", Timestamp.from(now))
                    .param("id", existing.get())
                    .query(Customer.class)
                    .single();
        }
        // A customer with this e-mail address, there already or inserted meanwhile, gains what it lacked instead.
        return jdbc.sql("""
                        insert into customers (name, email, phone, postal_address, preferred_reply, created_at, updated_at)
                        values (:name, :email, :phone, :address, :reply, :now, :now)
                        on conflict ((lower(email))) where email is not null do update
                            set phone = coalesce(customers.phone, excluded.phone),
                                postal_address = coalesce(customers.postal_address, excluded.postal_address),
                                updated_at = excluded.updated_at
                        returning\s""" + COLUMNS)
                .param("name", contact.name())
                .param("email", email)
                .param("phone", phone)
                .param("address", address)
                .param("reply", contact.preferredReply().name())
                .param("now", Timestamp.from(now))
                .query(Customer.class)
                .single();
    }

    /**
     * Takes the locks (e-mail first, then phone and name) and finds the customer with this e-mail address, else the
     * one with this phone number and name and no other e-mail address.
     */
    private Optional<Long> lockAndFind(String email, String phoneKey, String name) {
        // One round trip; PostgreSQL evaluates the select list left to right, so the order holds.
        jdbc.sql("""
                        select case when cast(:email as text) is null then null
                                    else pg_advisory_xact_lock(hashtext('customers.email'), hashtext(lower(:email))) end,
                               pg_advisory_xact_lock(hashtext('customers.phone'), hashtext(:phoneKey || ' ' || lower(:name)))""")
                .param("email", email)
                .param("phoneKey", phoneKey)
                .param("name", name)
                .query(rs -> {});
        if (email != null) {
            Optional<Long> byEmail = jdbc.sql("select id from customers where lower(email) = lower(:email)")
                    .param("email", email)
                    .query(Long.class)
                    .optional();
            if (byEmail.isPresent()) {
                return byEmail;
            }
        }
        return jdbc.sql("select id from customers where phone_key = :phoneKey and lower(name) = lower(:name)"
                        + (email == null ? "" : " and email is null") + " order by id limit 1")
                .param("phoneKey", phoneKey)
                .param("name", name)
                .query(Long.class)
                .optional();
    }

    /** The record on file, with the details of every case: not for showing to staff (see {@link CustomerAccess}). */
    Optional<Customer> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from customers where id = ?")
                .param(id)
                .query(Customer.class)
                .optional();
    }

    /** The records on file of {@code ids}, in the order of {@code ids} (those that exist). */
    List<Customer> find(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        java.util.Map<Long, Customer> byId = new java.util.HashMap<>();
        jdbc.sql("select " + COLUMNS + " from customers where id = any(?)")
                .param(ids.toArray(Long[]::new))
                .query(Customer.class)
                .list()
                .forEach(c -> byId.put(c.id(), c));
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * Customers whose name or e-mail address contains {@code q} (in any letter case), or whose phone number contains
     * its digits when {@code q} looks like a phone number; exact matches first, then those starting with it, then the
     * rest, each by name (lower case, character by character) and then by id; at most {@code limit}, for callers that
     * filter them further. The records on file: see {@link #find}.
     *
     * <p>When at least {@code limit} customers start with {@code q}, those are all that can be shown, and they are read
     * in name order from an index without reading every customer who merely contains it (a common first name is
     * contained in a twentieth of all names). Otherwise every match is read and sorted.
     */
    List<Customer> candidates(String q, int limit) {
        String text = q == null ? "" : q.strip();
        if (text.length() < MIN_SEARCH) {
            throw new InvalidRequestException(
                    "q", "give at least " + MIN_SEARCH + " characters of a name, e-mail address or phone number");
        }
        if (text.length() > 320) {
            throw new InvalidRequestException("q", "must be at most 320 characters");
        }
        String phoneDigits = phoneDigits(text);
        List<Customer> starting = search(STARTING_WITH, text, phoneDigits, limit);
        return starting.size() >= limit ? starting : search(CONTAINING, text, phoneDigits, limit);
    }

    /** The order of {@link #candidates}: exact matches, then those that start with the text, then by name and id. */
    private static final String ORDER = """
            order by case
                       when email_key = lower(:text) or name_key = lower(:text) or phone_key = cast(:digits as text)
                       then 0
                       when starts_with(name_key, lower(:text)) or starts_with(email_key, lower(:text))
                            or starts_with(phone_key, cast(:digits as text))
                       then 1
                       else 2
                     end, name_key collate "C", id
            limit :limit""";

    /**
     * Those who start with the text: by name from the names' index in its order (the range holds every name that
     * starts with the text, short of one that continues it with the last character Unicode has), by e-mail address
     * and phone number from the trigram indexes.
     */
    private static final String STARTING_WITH = "select " + COLUMNS + " from customers where id in (" + """
                (select id from customers
                 where name_key collate "C" >= lower(:text) and name_key collate "C" < lower(:text) || chr(1114111)
                   and starts_with(name_key, lower(:text))
                 order by name_key collate "C", id
                 limit :limit)
                union all
                select id from customers where email_key like lower(:pattern) || '%' escape '\\'
                union all
                select id from customers where phone_key like cast(:digits as text) || '%')
            """ + ORDER;

    /** Everyone who contains the text, from the trigram indexes. */
    private static final String CONTAINING = "select " + COLUMNS + " from customers " + """
            where name_key like '%' || lower(:pattern) || '%' escape '\\'
               or email_key like '%' || lower(:pattern) || '%' escape '\\'
               or phone_key like '%' || cast(:digits as text) || '%'
            """ + ORDER;

    private List<Customer> search(String sql, String text, String phoneDigits, int limit) {
        return read.sql(sql)
                .param("pattern", escapeLike(text))
                .param("text", text)
                .param("digits", phoneDigits)
                .param("limit", limit)
                .query(Customer.class)
                .list();
    }

    /** Whether the customer matches {@code q} by the rule of {@link #candidates}: the same test, in Java. */
    static boolean matches(Customer c, String q) {
        String text = q.strip().toLowerCase(java.util.Locale.ROOT);
        String phoneDigits = phoneDigits(q.strip());
        String phoneKey = digits(c.phone());
        return c.name() != null && c.name().toLowerCase(java.util.Locale.ROOT).contains(text)
                || c.email() != null
                        && c.email().toLowerCase(java.util.Locale.ROOT).contains(text)
                || phoneDigits != null && phoneKey != null && phoneKey.contains(phoneDigits);
    }

    /** The digits to look for in phone numbers when {@code text} looks like one (at least three digits), else null. */
    private static String phoneDigits(String text) {
        String phoneDigits = PHONE_LIKE.matcher(text).matches() ? digits(text) : null;
        return phoneDigits != null && phoneDigits.length() < MIN_SEARCH ? null : phoneDigits;
    }

    /** The digits of a phone number, or null when it has none; the same rule as the {@code phone_key} column. */
    static String digits(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = NOT_DIGIT.matcher(phone).replaceAll("");
        return digits.isEmpty() ? null : digits;
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
