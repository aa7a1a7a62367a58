package org.hearken.correspondence;

/**
 * The outboxes {@link OutboxSender} empties: tables of one shape (status, attempts, next attempt, claim, Message-ID), so
 * that every outgoing e-mail is claimed, retried and given up on alike.
 */
enum Outbox {

    /** Mail to customers, from the templates and from staff ({@link Correspondence}). */
    CUSTOMERS(
            "correspondence_message",
            "m.id, m.case_id, m.kind, m.to_address, m.subject, m.body, m.message_id, m.attempts, m.created_at,"
                    + " m.in_reply_to, m.references_header"),

    /** Notices to staff who chose to have them by e-mail ({@link StaffMail}): always automatic, never threaded. */
    STAFF(
            "correspondence_staff_mail",
            "m.id, m.case_id, '" + Outbox.STAFF_NOTICE + "' as kind, m.to_address, m.subject, m.body, m.message_id,"
                    + " m.attempts, m.created_at, null as in_reply_to, null as references_header");

    /** The kind every e-mail to staff is sent as. */
    static final String STAFF_NOTICE = "STAFF_NOTICE";

    private final String table;
    private final String claimed;

    Outbox(String table, String claimed) {
        this.table = table;
        this.claimed = claimed;
    }

    /** The outbox table. */
    String table() {
        return table;
    }

    /** The columns a claim returns, over the table as {@code m}, in the order the sender reads them. */
    String claimed() {
        return claimed;
    }

    /** Made by Hearken rather than written by a person: marked so (RFC 3834) that no auto-responder answers it. */
    boolean automatic(String kind) {
        return this == STAFF || TemplateKey.automatic(kind);
    }

    /** Counted against, and held back by, the per-address limit on automatic mail to customers ({@link AutomaticMail}). */
    boolean limitedPerAddress(String kind) {
        return this == CUSTOMERS && TemplateKey.automatic(kind);
    }
}
