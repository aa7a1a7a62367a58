package org.hearken.correspondence;

import java.time.LocalDate;
import java.util.List;

/**
 * A postal reply ready to print: the organisation's letterhead, the customer's address block, the date, the reference
 * and the body from the LETTER template (plain text; blank lines separate paragraphs).
 */
record Letter(
        String organisationName,
        List<String> organisationAddress,
        String customerName,
        List<String> customerAddress,
        LocalDate date,
        String reference,
        String subject,
        String body) {}
