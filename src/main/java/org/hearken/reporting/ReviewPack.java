package org.hearken.reporting;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.hearken.identity.Actor;
import org.hearken.platform.PdfDocuments;
import org.hearken.policy.ServicePolicies;
import org.hearken.policy.ServicePolicy;
import org.hearken.policy.Stage;
import org.hearken.policy.TargetRule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * The management review pack: an A4 PDF for the executives' meeting with the period's headline figures against the
 * service policy's targets, charts (drawn on the server: the PDF renderer runs no JavaScript), top categories,
 * breaches, internal reviews and remedies. The layout is code; every piece of data is escaped into the XHTML.
 */
@Component
class ReviewPack {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH);

    private final Reports reports;
    private final ServicePolicies policies;
    private final String organisation;

    ReviewPack(
            Reports reports,
            ServicePolicies policies,
            @Value("${hearken.organisation.name:Hearken}") String organisation) {
        this.reports = reports;
        this.policies = policies;
        this.organisation = organisation;
    }

    byte[] render(ReportFilter f, Actor actor) {
        Report report = reports.report(f, actor);
        return PdfDocuments.render(xhtml(report, policies.active().policy()));
    }

    String xhtml(Report r, ServicePolicy policy) {
        Headline h = r.headline();
        Report.Scope s = r.scope();
        StringBuilder b = new StringBuilder();
        b.append("""
                <?xml version="1.0" encoding="UTF-8"?>
                <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
                <head>
                <title>Management review pack</title>
                <style>
                  @page { size: A4; margin: 16mm 15mm 18mm 15mm;
                          @bottom-right { content: "Page " counter(page) " of " counter(pages); font-family: {font}; font-size: 8pt; color: #555; } }
                  body { font-family: {font}; font-size: 9.5pt; line-height: 1.35; color: #1d2433; }
                  h1 { font-size: 18pt; color: #1f4f8f; margin: 0 0 2mm 0; }
                  h2 { font-size: 12.5pt; color: #1f4f8f; margin: 7mm 0 2mm 0; border-bottom: 0.5pt solid #d9dee7; padding-bottom: 1mm; }
                  p { margin: 0 0 2mm 0; }
                  .muted { color: #4d5669; }
                  .tiles { width: 100%; border-collapse: separate; border-spacing: 2mm; margin: 0 -2mm; }
                  .tiles td { border: 0.6pt solid #d9dee7; padding: 2mm 3mm; width: 25%; vertical-align: top; }
                  .tiles .v { font-size: 17pt; font-weight: bold; display: block; }
                  .tiles .l { color: #4d5669; font-size: 8.5pt; }
                  table.t { width: 100%; table-layout: fixed; border-collapse: collapse; margin-bottom: 2mm; page-break-inside: auto; }
                  table.t th, table.t td { overflow-wrap: break-word; word-wrap: break-word; }
                  table.t th { background: #eceff3; text-align: left; font-weight: bold; padding: 1.2mm 1.5mm; font-size: 8.5pt; }
                  table.t td { border-bottom: 0.4pt solid #d9dee7; padding: 1.1mm 1.5mm; font-size: 8.5pt; vertical-align: top; }
                  table.t tr { page-break-inside: avoid; }
                  .num { text-align: right; white-space: nowrap; }
                  img.chart { width: 100%; }
                  .note { color: #4d5669; font-size: 8pt; margin-bottom: 3mm; }
                  .keep { page-break-inside: avoid; }
                </style>
                </head>
                <body>
                """.replace("{font}", PdfDocuments.FONT_FAMILY));
        b.append("<h1>Management review pack</h1>\n");
        b.append("<p><strong>")
                .append(esc(organisation))
                .append("</strong> &#8212; cases received from ")
                .append(esc(DAY.format(s.from())))
                .append(" to ")
                .append(esc(DAY.format(s.to())))
                .append("</p>\n");
        b.append("<p class=\"muted\">Departments: ")
                .append(esc(s.departments() == null ? "all" : String.join(", ", s.departments())))
                .append(". Service policy in force: ")
                .append(esc(policy.name()))
                .append(". Figures as at ")
                .append(esc(WHEN.format(s.generatedAt().atZone(java.time.ZoneId.of(s.timeZone())))))
                .append(" (")
                .append(esc(s.timeZone()))
                .append(").</p>\n");

        b.append("<table class=\"tiles\"><tr>");
        tile(b, String.valueOf(h.received()), "cases received (" + h.confidential() + " confidential)");
        tile(b, pct(h.acknowledgement().onTimePercent()), "acknowledged on time");
        tile(
                b,
                pct(h.response().onTimePercent()),
                "responded on time (" + pct(h.response().onTimeAfterExtensionPercent()) + " more after an extension)");
        tile(b, pct(h.sameDayFirstReply().percent()), "first reply the same working day");
        b.append("</tr></table>\n");

        b.append("<h2>Headline figures against the policy's targets</h2>\n");
        b.append("<table class=\"t\"><tr><th>Measure</th><th class=\"num\">Result</th><th class=\"num\">Cases</th>")
                .append("<th>The policy's target</th></tr>\n");
        headline(
                b,
                "Acknowledged on time",
                h.acknowledgement().onTimePercent(),
                h.acknowledgement().onTime(),
                h.acknowledgement().decided(),
                target(policy, Stage.ACKNOWLEDGE));
        headline(
                b,
                "Responded on time",
                h.response().onTimePercent(),
                h.response().onTime(),
                h.response().decided(),
                target(policy, Stage.RESPOND));
        headline(
                b,
                "Responded on time after an extension",
                h.response().onTimeAfterExtensionPercent(),
                h.response().onTimeAfterExtension(),
                h.response().decided(),
                "the customer was told of the new date before the first one passed");
        headline(
                b,
                "Responded late or still overdue",
                h.response().latePercent(),
                h.response().late(),
                h.response().decided(),
                "none");
        headline(
                b,
                "First reply the same working day",
                h.sameDayFirstReply().percent(),
                h.sameDayFirstReply().count(),
                h.sameDayFirstReply().of(),
                target(policy, Stage.FIRST_RESPONSE));
        headline(
                b,
                "Resolved at first contact",
                h.firstContactResolution().percent(),
                h.firstContactResolution().count(),
                h.firstContactResolution().of(),
                "an aim: resolve in real time where possible");
        headline(
                b,
                "Complaints upheld in full or in part",
                h.complaintsUpheld().upholdPercent(),
                h.complaintsUpheld().upheld() + h.complaintsUpheld().partlyUpheld(),
                h.complaintsUpheld().decided(),
                "—");
        headline(
                b,
                "Internal reviews decided on time",
                (BigDecimal) r.table("reviews").cell("Decided on time", "percent"),
                (Long) r.table("reviews").cell("Decided on time", "count"),
                (Long) r.table("reviews").cell("Decided on time", "of"),
                target(policy, Stage.REVIEW));
        b.append("</table>\n");
        b.append(
                        "<p class=\"note\">Rates count decided stages only: done, or not done and already past due. Still within their time: ")
                .append(h.acknowledgement().pending())
                .append(" acknowledgements and ")
                .append(h.response().pending())
                .append(" responses.</p>\n");

        b.append("<div class=\"keep\"><h2>How each stage went</h2>\n");
        image(
                b,
                Charts.compliance(h, 1400, 420),
                "Acknowledgement, response and same-day reply: on time, after extension, late");
        b.append("</div>\n");

        b.append("<div class=\"keep\"><h2>Cases received over time</h2>\n");
        image(
                b,
                Charts.overTime(r.table("volume-by-kind"), "Cases received", 1400, 560),
                "Cases received per period by kind");
        b.append("</div>\n");
        table(b, r.table("departments"));
        // Too wide for a page as one table: its volumes and compliance, then its remedies and satisfaction.
        Table clients = r.table("clients");
        table(
                b,
                clients.part(
                        "By client organisation: volumes and compliance",
                        List.of(
                                "client",
                                "received",
                                "complaints",
                                "open",
                                "acknowledgedOnTimePercent",
                                "onTimePercent",
                                "withinExtensionPercent")));
        table(
                b,
                clients.part(
                        "By client organisation: remedies and satisfaction",
                        List.of(
                                "client",
                                "remedies",
                                "remediesAccepted",
                                "acceptedValue",
                                "surveysAnswered",
                                "averageRating",
                                "satisfiedPercent")));

        b.append("<h2>Top categories (root causes)</h2>\n");
        Table categories = r.table("categories");
        if (categories.isEmpty()) {
            b.append("<p class=\"muted\">No response in the period was filed under a category.</p>\n");
        } else {
            image(b, Charts.categories(categories, 8, 1400, 460), "Cases per category, most frequent first");
            table(b, categories);
        }

        b.append("<h2>Breaches</h2>\n");
        table(b, r.table("breaches"));
        table(b, r.table("breach-list"));

        b.append("<h2>Internal reviews</h2>\n");
        table(b, r.table("reviews"));
        table(b, r.table("review-list"));

        b.append("<h2>Extensions and remedies</h2>\n");
        table(b, r.table("extensions"));
        table(b, r.table("extension-reasons"));
        table(b, r.table("remedies"));

        b.append("<h2>Open cases by age</h2>\n");
        table(b, r.table("backlog"));

        b.append("<h2>Customer satisfaction</h2>\n");
        table(b, r.table("satisfaction"));

        b.append("<h2>The policy's targets</h2>\n");
        targets(b, policy);
        b.append("</body></html>\n");
        return b.toString();
    }

    private static void tile(StringBuilder b, String value, String label) {
        b.append("<td><span class=\"v\">")
                .append(esc(value))
                .append("</span><span class=\"l\">")
                .append(esc(label))
                .append("</span></td>");
    }

    private static void headline(
            StringBuilder b, String measure, BigDecimal percent, Long count, Long of, String target) {
        b.append("<tr><td>")
                .append(esc(measure))
                .append("</td><td class=\"num\"><strong>")
                .append(esc(pct(percent)))
                .append("</strong></td><td class=\"num\">")
                .append(count == null ? "" : count)
                .append(" of ")
                .append(of == null ? "" : of)
                .append("</td><td>")
                .append(esc(target))
                .append("</td></tr>\n");
    }

    private static void image(StringBuilder b, byte[] png, String alt) {
        b.append("<img class=\"chart\" alt=\"")
                .append(esc(alt))
                .append("\" src=\"")
                .append(Charts.dataUri(png))
                .append("\"/>\n");
    }

    static void table(StringBuilder b, Table t) {
        b.append("<div><strong>").append(esc(t.title())).append("</strong></div>\n");
        if (t.isEmpty()) {
            b.append("<p class=\"note\">").append(esc(t.note())).append(" None.</p>\n");
            return;
        }
        b.append("<table class=\"t\"><tr>");
        for (Table.Column c : t.columns()) {
            b.append("<th")
                    .append(c.numeric() ? " class=\"num\"" : "")
                    .append(">")
                    .append(esc(c.label()))
                    .append("</th>");
        }
        b.append("</tr>\n");
        for (List<Object> row : t.rows()) {
            b.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                Table.Column c = t.columns().get(i);
                Object v = row.get(i);
                String text = v == null ? "–" : c.percent() ? pct((BigDecimal) v) : Csv.cell(v);
                b.append("<td")
                        .append(c.numeric() ? " class=\"num\"" : "")
                        .append(">")
                        .append(esc(text))
                        .append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n<p class=\"note\">").append(esc(t.note())).append("</p>\n");
    }

    private static void targets(StringBuilder b, ServicePolicy policy) {
        b.append("<table class=\"t\"><tr><th>Kinds</th><th>Channels</th><th class=\"num\">Acknowledge</th>")
                .append(
                        "<th class=\"num\">First reply</th><th class=\"num\">Respond</th><th class=\"num\">Review</th></tr>\n");
        for (TargetRule rule : policy.rules()) {
            b.append("<tr><td>")
                    .append(esc(words(rule.kinds())))
                    .append("</td><td>")
                    .append(esc(words(rule.channels())))
                    .append("</td>");
            for (Stage stage : Stage.values()) {
                Integer days = rule.targets().of(stage);
                b.append("<td class=\"num\">").append(days == null ? "–" : days).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append(
                        "</table>\n<p class=\"note\">Business days; 0 means by close of business on the day of receipt. The first rule that")
                .append(" lists a case's kind and channel applies. Calendar: ")
                .append(esc(policy.calendar().describe()))
                .append(".</p>\n");
    }

    /** The policy's target for a stage in words, e.g. "same working day or 1 business day". */
    static String target(ServicePolicy policy, Stage stage) {
        Set<Integer> days = new LinkedHashSet<>();
        boolean somewhereNone = false;
        for (TargetRule rule : policy.rules()) {
            Integer d = rule.targets().of(stage);
            if (d == null) {
                somewhereNone = true;
            } else {
                days.add(d);
            }
        }
        if (days.isEmpty()) {
            return "no target set";
        }
        String text = days.stream()
                .sorted()
                .map(d -> d == 0 ? "same working day" : d + " business day" + (d == 1 ? "" : "s"))
                .collect(Collectors.joining(" or "));
        return text + (somewhereNone ? " (not set for every kind and channel)" : "") + "; see the targets at the end";
    }

    private static String words(Set<? extends Enum<?>> values) {
        return values.stream()
                .map(v -> v.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .collect(Collectors.joining(", "));
    }

    static String pct(BigDecimal p) {
        return p == null ? "–" : p.toPlainString() + " %";
    }

    private static String esc(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
    }
}
