package org.hearken.casework;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * The benchmarks' register of cases, filled in SQL: used by bench/case-pages.sh and bench/growth.sh. Not a test.
 *
 * <p>{@link #people} adds 20 departments of ten people (staff0 … staff199; staff0 … staff19 also managers and leads
 * of B1 … B20), an executive ("executive") and 250,000 customers, all signing in with the password "bench".
 * {@link #cases} then adds the cases numbered {@code from + 1} … {@code to}, received one every {@code secondsApart}
 * seconds up to now, the newest 3 % of them open and the rest closed. Case g belongs to department g % 20, to one of its
 * ten people and to customer g % 250,000; its kind, channel and subject follow from g, so that a given word search finds
 * the same share of cases whatever the size. Closed cases vary as a register does: one acknowledgement in ten late,
 * one response in eight extended (with its extension), some responses late, the complaints' outcomes, remedies for
 * those upheld, categories and the suggestions' status. Every case has its "opened" register event and, once
 * acknowledged, its "acknowledged" one; every open case has the warning, breach and escalation timers of its running
 * stages, those meant to fire more than a day ago already fired. The cases go in chunks, committed one by one, over
 * four connections at once, with the tables' secondary indexes dropped while filling and built again afterwards.
 */
public final class BenchRegister {

    private BenchRegister() {}

    /** Cases a transaction. */
    static final int CHUNK = 50_000;

    /** Connections filling at once, and building indexes at once. */
    static final int CONNECTIONS = 4;

    /** Departments, staff, an executive and 250,000 customers; also the SQL function surname(g) the searches use. */
    public static void people(Statement s) throws SQLException {
        // Surnames as varied as a city's: letters drawn from the customer's number, about 8 per name.
        s.execute("""
                create function surname(g int) returns text language sql immutable as $$
                    select initcap(translate(substr(md5(g::text), 1, 5 + g % 5), '0123456789', 'eiaonrstlu')) $$""");
        s.execute(
                "insert into identity_department (code, name) select 'B' || g, 'Bench department ' || g from generate_series(1, 20) g");
        s.execute("""
                insert into identity_staff (username, full_name, password_hash, created_at)
                select 'staff' || g, 'Staff member ' || g, '{noop}bench', now() from generate_series(0, 199) g""");
        s.execute("""
                insert into identity_membership (staff_id, department_id)
                select s.id, d.id from identity_staff s
                join identity_department d on d.code = 'B' || (substring(s.username from 6)::int % 20 + 1)
                where s.username like 'staff%'""");
        s.execute(
                "insert into identity_staff_role select id, 'AGENT' from identity_staff where username like 'staff%'");
        s.execute("insert into identity_staff_role select id, 'MANAGER' from identity_staff where username in "
                + "(select 'staff' || g from generate_series(0, 19) g)");
        s.execute(
                "insert into identity_staff (username, full_name, password_hash, created_at) values ('executive', 'An executive', '{noop}bench', now())");
        s.execute(
                "insert into identity_staff_role select id, 'EXECUTIVE' from identity_staff where username = 'executive'");
        s.execute("update identity_department d set lead_id = s.id from identity_staff s "
                + "where d.code like 'B%' and s.username = 'staff' || (substring(d.code from 2)::int - 1)");
        s.execute("""
                insert into customers (name, email, phone, preferred_reply, created_at, updated_at)
                select (array['Ada','Ben','Chloe','David','Elena','Farid','Grace','Hassan','Ines','Jamal','Kim','Lena','Marcus',
                              'Nina','Olga','Priya','Quinn','Ruth','Sanjay','Tom'])[1 + g % 20] || ' ' || surname(g),
                       'customer' || g || '@example.net', '04' || lpad(g::text, 8, '0'), 'EMAIL', now(), now()
                from generate_series(1, 250000) g""");
    }

    /** The number of open cases among {@code count} added at once: the newest 3 %. */
    public static int open(int count) {
        return Math.max(1, count * 3 / 100);
    }

    /**
     * Adds the cases numbered {@code from + 1} … {@code to}, case {@code to} received now and each earlier one
     * {@code secondsApart} seconds before the next; the newest 3 % open. Returns the seconds taken.
     */
    public static double cases(DataSource ds, int from, int to, double secondsApart) throws Exception {
        long t0 = System.nanoTime();
        String sql;
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            sql = CASES.replace(":closed", String.valueOf(to - open(to - from)))
                    .replace(":to", String.valueOf(to))
                    .replace(":apart", String.valueOf(secondsApart))
                    .replace(":d0", one(s, "select min(id) from identity_department where code like 'B%'"))
                    .replace(":s0", one(s, "select min(id) from identity_staff where username like 'staff%'"))
                    .replace(":c0", one(s, "select min(id) from customers"))
                    .replace(":pv", one(s, "select id from policy_version where active"))
                    .replace(":version", one(s, "select version from policy_version where active"));
        }
        List<String> indexes = dropIndexes(ds);
        List<int[]> chunks = new ArrayList<>();
        for (int lo = from + 1; lo <= to; lo += CHUNK) {
            chunks.add(new int[] {lo, Math.min(to, lo + CHUNK - 1)});
        }
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int[] chunk : chunks) {
                done.add(pool.submit(() -> {
                    try (Connection c = ds.getConnection();
                            Statement s = c.createStatement()) {
                        // The rows are consistent by construction: no foreign-key checks row by row while filling.
                        s.execute("set session_replication_role = replica");
                        s.execute(
                                sql.replace(":lo", String.valueOf(chunk[0])).replace(":hi", String.valueOf(chunk[1])));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long t1 = System.nanoTime();
        createIndexes(ds, indexes);
        System.out.printf(
                "added cases %,d to %,d in %.0f s, then built %d indexes in %.0f s%n",
                from + 1, to, (t1 - t0) / 1e9, indexes.size(), (System.nanoTime() - t1) / 1e9);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The tables the fill writes to. */
    private static final String TABLES =
            "'cases'::regclass, 'register_event'::regclass, 'escalation_timer'::regclass, 'case_extension'::regclass,"
                    + " 'case_remedy'::regclass";

    /**
     * Drops the indexes of the tables filled that are neither a primary key, nor enforce uniqueness, nor partial (those
     * take few of the rows and cost little to keep up to date), and returns their definitions, text-search and trigram
     * indexes first: building an index once over all rows costs a fraction of keeping it up to date row by row (a half
     * for the B-trees, a quarter for the text-search and trigram indexes). Nothing reads the cases while they are
     * filled.
     */
    private static List<String> dropIndexes(DataSource ds) throws SQLException {
        List<String> definitions = new ArrayList<>();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    select i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                    from pg_index i join pg_class t on t.oid = i.indrelid
                    join pg_class x on x.oid = i.indexrelid join pg_am a on a.oid = x.relam
                    where i.indrelid in (%s) and not i.indisprimary and not i.indisunique and i.indpred is null
                    order by a.amname = 'gin' desc, t.reltuples desc, x.relname""".formatted(TABLES))) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    definitions.add(rs.getString(2));
                }
            }
            if (!names.isEmpty()) {
                s.execute("drop index " + String.join(", ", names));
            }
        }
        return definitions;
    }

    /** Builds the indexes over four connections at once. */
    private static void createIndexes(DataSource ds, List<String> definitions) throws Exception {
        java.util.concurrent.ConcurrentLinkedQueue<String> queue =
                new java.util.concurrent.ConcurrentLinkedQueue<>(definitions);
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                done.add(pool.submit(() -> {
                    try (Connection c = ds.getConnection();
                            Statement s = c.createStatement()) {
                        s.execute("set maintenance_work_mem = '256MB'");
                        for (String index = queue.poll(); index != null; index = queue.poll()) {
                            s.execute(index);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static String one(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * One chunk: the cases, their register events, the timers of the open ones and the closed ones' extensions and
     * remedies, in one statement.
     */
    private static final String CASES = """
            with x as (
                select g, ts, kind, channel, subject, g <= :closed as closed,
                       case when kind in ('SUGGESTION', 'COMPLIMENT') then null else ts + interval '9 days' end as respond_original,
                       (g * 7919) % 1000 as h1, (g * 104729) % 1000 as h2, (g * 1299709) % 997 as h3
                from generate_series(:lo::bigint, :hi) g
                cross join lateral (select now() - (:to - g) * interval ':apart seconds' as ts,
                    (array['COMPLAINT','QUESTION','SERVICE_REQUEST','COMPLAINT','SUGGESTION','COMPLIMENT'])[1 + g % 6] as kind,
                    (array['PHONE','EMAIL','WEB_FORM','POSTAL','IN_PERSON','API'])[1 + (g / 6) % 6] as channel,
                    (array['Bin not collected','Pothole on the main road','Library opening hours','Noisy neighbours',
                           'Rates notice is wrong','Parking permit delay','Graffiti on the bridge','Street light out',
                           'Dog off leash in the park','Thanks for the quick repair'])[1 + (g * 7) % 10] as subject) t
            ), y as (
                select x.*,
                       -- One response in eight extended by five days.
                       case when closed and respond_original is not null and h2 < 125 then respond_original + interval '5 days'
                            else respond_original end as respond,
                       -- Acknowledged within three hours, one in ten after two days.
                       case when closed or g % 3 <> 0 then ts + case when h1 < 100 then interval '2 days' else interval '3 hours' end
                            end as acked,
                       -- Answered after four days; some after twelve or sixteen (late unless extended).
                       case when closed then ts + case when respond_original is null or h3 >= 120 then interval '4 days'
                                                       when h3 < 80 then interval '12 days' else interval '16 days' end end as responded
                from x
            ), c as (
                insert into cases (reference, kind, channel, status, received_at, logged_at, subject, description,
                    customer_name, customer_email, customer_phone, preferred_reply, customer_id, department_id, owner_id,
                    logged_by, policy_version_id, policy_version, acknowledge_by, first_response_by, respond_by,
                    respond_by_original, expected_by, acknowledged_at, acknowledged_via, acknowledge_outcome,
                    first_response_at, responded_at, respond_completed_at, respond_outcome, outcome, closed_at, category,
                    improvement_status, improvement_changed_at, version, updated_at)
                select 'HK-' || extract(year from ts)::int || '-' || lpad(g::text, greatest(7, length(g::text)), '0'), kind, channel,
                       case when closed then 'CLOSED' when g % 3 = 0 then 'RECEIVED' else 'ACKNOWLEDGED' end,
                       ts, ts, subject || ' #' || g,
                       'The customer says: ' || subject || ' near number ' || (g % 500) || ', reported on case ' || g || '.',
                       cu.name, cu.email, cu.phone, 'EMAIL', cu.id, :d0 + g % 20, :s0 + g % 20 + 20 * ((g / 20) % 10),
                       :s0 + g % 20 + 20 * ((g / 20) % 10), :pv, :version,
                       ts + interval '1 day', null, respond, respond_original, respond,
                       acked, case when acked is not null then 'EMAIL' end,
                       case when acked <= ts + interval '1 day' then 'MET' when acked is not null then 'MISSED' end,
                       acked, responded, responded,
                       case when responded is null or respond_original is null then null
                            when responded <= respond_original then 'MET'
                            when responded <= respond then 'MET_AFTER_EXTENSION' else 'MISSED' end,
                       case when not closed then null when kind <> 'COMPLAINT' then 'RESOLVED'
                            else (array['UPHELD', 'PARTLY_UPHELD', 'NOT_UPHELD', 'NOT_UPHELD'])[1 + (g / 7) % 4] end,
                       responded + interval '1 day',
                       case when closed then (array['COMMUNICATION', 'DELAY', 'STAFF_CONDUCT', 'DECISION', 'SERVICE_QUALITY',
                            'BILLING', 'INFORMATION', 'ACCESS', 'OTHER'])[1 + (g / 3) % 9] end,
                       case when closed and kind = 'SUGGESTION'
                            then (array['UNDER_CONSIDERATION', 'ADOPTED', 'DECLINED'])[1 + (g / 11) % 3] end,
                       case when closed and kind = 'SUGGESTION' then ts + interval '20 days' end,
                       case when closed then 3 else 1 end,
                       coalesce(responded + interval '1 day', acked, ts)
                from y
                join customers cu on cu.id = :c0 + g % 250000
                returning id, reference, kind, channel, status, received_at, logged_at, subject, description, customer_name,
                    customer_email, department_id, owner_id, acknowledge_by, acknowledged_at, respond_by, respond_by_original,
                    responded_at, outcome
            ), opened as (
                insert into register_event (case_id, case_reference, occurred_at, actor, type, payload)
                select c.id, c.reference, c.logged_at, 'staff' || (c.owner_id - :s0), 'CaseOpened',
                       jsonb_build_object('caseId', c.id, 'reference', c.reference, 'kind', c.kind, 'channel', c.channel,
                           'receivedAt', c.received_at, 'subject', c.subject, 'description', c.description,
                           'customer', jsonb_build_object('name', c.customer_name, 'email', c.customer_email),
                           'department', 'B' || (c.department_id - :d0 + 1), 'owner', 'staff' || (c.owner_id - :s0),
                           'acknowledgeBy', c.acknowledge_by, 'respondBy', c.respond_by)
                from c
            ), acknowledged as (
                insert into register_event (case_id, case_reference, occurred_at, actor, type, payload)
                select c.id, c.reference, c.acknowledged_at, 'staff' || (c.owner_id - :s0), 'Acknowledged',
                       jsonb_build_object('caseId', c.id, 'reference', c.reference, 'via', 'EMAIL',
                           'acknowledgedAt', c.acknowledged_at, 'stageOutcome', 'MET',
                           'text', 'Thank you for your feedback. Your reference is ' || c.reference || '.')
                from c where c.acknowledged_at is not null
            ), timers as (
                insert into escalation_timer (case_id, stage, kind, due_at, fire_at, fired_at, outcome)
                select case_id, stage, kind, due_at, fire_at,
                       case when fire_at < now() - interval '1 day' then fire_at end,
                       case when fire_at < now() - interval '1 day' then 'SENT' end
                from (select c.id as case_id, st.stage, k.kind, st.due_at,
                             st.due_at + case k.kind when 'WARNING' then interval '-4 hours' when 'BREACH' then interval '16 hours'
                                                     else interval '1 day' end as fire_at
                      from c
                      cross join lateral (values ('ACKNOWLEDGE', case when c.acknowledged_at is null then c.acknowledge_by end),
                                                 ('RESPOND', c.respond_by)) st(stage, due_at)
                      cross join (values ('WARNING'), ('BREACH'), ('ESCALATION')) k(kind)
                      where c.status <> 'CLOSED' and st.due_at is not null) t
            ), extensions as (
                insert into case_extension (case_id, stage, previous_due, new_due, reason, notice_channel, notice_text,
                    agreed_by, agreed_at, extended_at, extended_by, received_at)
                select id, 'RESPOND', respond_by_original, respond_by,
                       (array['Waiting for the contractor''s records', 'The officer is on leave', 'Site inspection needed',
                              'Legal advice requested', 'Awaiting information from the customer'])[1 + id % 5],
                       'EMAIL', 'We need more time.', case when id % 3 = 0 then 'the customer' end,
                       case when id % 3 = 0 then respond_by_original - interval '2 days' end,
                       respond_by_original - interval '2 days', owner_id, received_at
                from c where respond_by > respond_by_original
            ), remedies as (
                insert into case_remedy (case_id, type, description, value, status, offered_at, offered_by, decided_at)
                select id, (array['APOLOGY', 'REFUND', 'CREDIT', 'SERVICE_REDONE', 'OTHER'])[1 + id % 5], 'Remedy',
                       case when id % 5 in (1, 2) then (10 + id % 190)::numeric end,
                       (array['OFFERED', 'ACCEPTED', 'ACCEPTED', 'DECLINED'])[1 + id % 4], responded_at, owner_id,
                       case when id % 4 <> 0 then responded_at + interval '2 days' end
                from c where outcome in ('UPHELD', 'PARTLY_UPHELD')
            )
            select count(*) from c""";
}
