package org.hearken.correspondence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import org.hearken.cases.CaseFacts;
import org.hearken.cases.CustomerWording;

/**
 * The names a template may use, each a plain string. Templates are rendered over a map of these strings and nothing
 * else, so no method of any object can be reached from a template.
 */
final class MergeFields {

    /** Every field with what it holds, in the order the API lists them. */
    static final SequencedMap<String, String> ALLOWED = allowed();

    private MergeFields() {}

    private static SequencedMap<String, String> allowed() {
        SequencedMap<String, String> f = new LinkedHashMap<>();
        f.put("customerName", "the customer's name as logged");
        f.put("reference", "the case reference, e.g. HK-2026-000042");
        f.put(
                "kind",
                "the kind of feedback in plain words: complaint, question, request for service, suggestion, compliment");
        f.put("caseSubject", "the case's subject line");
        f.put(
                "ownerName",
                "full name of the member of staff looking after the case (the receiver of a pending referral)");
        f.put("departmentName", "name of that person's department");
        f.put("receivedDate", "the day the feedback was received, e.g. Monday 30 November 2026");
        f.put(
                "promisedDate",
                "when a response is expected, e.g. 5:00 pm on Wednesday 9 December 2026; empty when the kind has no response target");
        f.put("previousDate", "extension notice: the date that will not be met");
        f.put("newDate", "extension notice: the new date");
        f.put("reason", "extension notice: the reason for the new date");
        f.put("agreed", "extension notice: 'yes' when the customer agreed to the new date, otherwise empty");
        f.put(
                "remedies",
                "response: what is offered to put things right, a line each, e.g. '- A refund of 45.00: the second"
                        + " instalment'; empty when nothing is");
        f.put(
                "message",
                "text written by the member of staff (interim response, response, review outcome), given by whoever sends it");
        f.put("organisationName", "the organisation's name (hearken.organisation.name)");
        f.put(
                "statusLink",
                "the customer's private link to the case's status page (hearken.public-url + /public/status/ + a secret "
                        + "token made for each message; whoever has the link can see the case's progress)");
        f.put(
                "surveyLink",
                "survey invitation: the private address of the customer's survey (hearken.public-url + /public/survey/{token})");
        f.put(
                "surveyCloses",
                "survey invitation: until when the survey can be answered, e.g. 10:15 am on Wednesday 23 December 2026 "
                        + "(hearken.surveys.answer-within after it is sent)");
        return java.util.Collections.unmodifiableSequencedMap(f);
    }

    /**
     * The fields that carry a secret meant for the customer alone. They may stand in a message's body, which staff see
     * only with the links taken out; never in its subject, which staff see as it is.
     */
    static final java.util.Set<String> PRIVATE_LINKS = java.util.Set.of("statusLink", "surveyLink");

    /** Stands for the token in previews: a real link is made only for a message that is sent. */
    static final String PREVIEW_TOKEN = "private-link-made-when-sent";

    /**
     * The fields a case supplies by itself, with dates written in the organisation's time zone; {@code statusLink} is
     * the link issued for this message.
     */
    static Map<String, String> of(CaseFacts c, String organisationName, String statusLink) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("customerName", c.customerName());
        f.put("reference", c.reference());
        f.put("kind", CustomerWording.kind(c.kind()));
        f.put("caseSubject", c.subject());
        f.put("ownerName", c.ownerName());
        f.put("departmentName", c.departmentName());
        f.put("receivedDate", CustomerWording.day(c.receivedAt(), c.zone()));
        f.put("promisedDate", c.expectedBy() == null ? "" : CustomerWording.when(c.expectedBy(), c.zone()));
        f.put("organisationName", organisationName);
        f.put("statusLink", statusLink);
        return f;
    }

    /** Values for a preview without a case: every field filled, so that each part of a draft shows. */
    static Map<String, String> sample(String organisationName, String publicUrl) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("customerName", "Ada Citizen");
        f.put("reference", "HK-2026-000042");
        f.put("kind", "complaint");
        f.put("caseSubject", "Green bin not collected");
        f.put("ownerName", "Grace Okafor");
        f.put("departmentName", "Waste Services");
        f.put("receivedDate", "Monday 30 November 2026");
        f.put("promisedDate", "5:00 pm on Wednesday 9 December 2026");
        f.putAll(extensionSample());
        f.put("message", "We have spoken to the collection crew and your green bin will be emptied this Thursday.");
        f.put("organisationName", organisationName);
        f.put("statusLink", statusLink(publicUrl, PREVIEW_TOKEN));
        f.put("surveyLink", base(publicUrl) + "/public/survey/" + PREVIEW_TOKEN);
        f.put("surveyCloses", "10:15 am on Wednesday 23 December 2026");
        return f;
    }

    /** Sample values for the fields only a particular message supplies, for previews with a real case. */
    static Map<String, String> messageSample(String publicUrl, String reference) {
        Map<String, String> f = new LinkedHashMap<>(extensionSample());
        f.put("message", "(the text the member of staff writes)");
        f.put("surveyLink", base(publicUrl) + "/public/survey/" + PREVIEW_TOKEN);
        f.put("surveyCloses", "10:15 am on Wednesday 23 December 2026");
        return f;
    }

    private static Map<String, String> extensionSample() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("previousDate", "5:00 pm on Wednesday 9 December 2026");
        f.put("newDate", "5:00 pm on Friday 18 December 2026");
        f.put("reason", "we are waiting for the collection contractor's records");
        f.put("agreed", "");
        return f;
    }

    /** The address of the public status page for a status token. */
    static String statusLink(String publicUrl, String token) {
        return base(publicUrl) + "/public/status/" + token;
    }

    /** Hearken's address as configured, without a trailing slash; a path of Hearken's is added to it. */
    static String base(String publicUrl) {
        String url = publicUrl.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    /** Staff's words for {@code message}: the parts given, each stripped, as paragraphs. */
    static String paragraphs(String... parts) {
        return String.join(
                "\n\n",
                java.util.Arrays.stream(parts)
                        .filter(p -> p != null && !p.isBlank())
                        .map(String::strip)
                        .toList());
    }
}
