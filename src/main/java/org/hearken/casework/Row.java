package org.hearken.casework;

import java.util.List;
import org.hearken.cases.CaseListItem;
import org.hearken.cases.CaseView;

/**
 * A line of a case table with every text already in words, so that the template only places them: a list page
 * renders fifty of these on every request.
 */
record Row(
        String reference,
        boolean confidential,
        String subject,
        String customer,
        String kind,
        String channel,
        String receivedIso,
        String received,
        String department,
        String owner,
        String referral,
        String status,
        String dueCss,
        String dueLabel,
        String nextDueIso,
        String nextDue,
        boolean customerReplied) {

    /**
     * What the fragment {@code casework/fragments :: casesByStatus} shows: a page of cases as rows, the status filter
     * (chosen, and every one), and the address of the next page under {@code path}, or null for none.
     */
    static void addCasesByStatus(
            org.springframework.ui.Model model,
            org.hearken.cases.CaseListPage page,
            org.hearken.cases.CaseListQuery.StatusFilter status,
            String path) {
        model.addAttribute("rows", of(page.items(), (Words) model.getAttribute("words")));
        model.addAttribute("status", status);
        model.addAttribute("statuses", org.hearken.cases.CaseListQuery.StatusFilter.values());
        model.addAttribute(
                "nextUrl", page.next() == null ? null : path + "?status=" + status.name() + "&after=" + page.next());
    }

    static List<Row> of(List<CaseListItem> items, Words words) {
        return items.stream().map(item -> of(item, words)).toList();
    }

    static Row of(CaseListItem item, Words words) {
        CaseView c = item.view();
        return new Row(
                c.reference(),
                c.confidential(),
                c.subject(),
                c.customer() == null ? "" : c.customer().name(),
                words.kind(c.kind()),
                words.channel(c.channel()),
                words.iso(c.receivedAt()),
                words.brief(c.receivedAt()),
                c.department().name(),
                c.owner().name(),
                c.referral() == null
                        ? null
                        : "referred to " + c.referral().to().name() + " ("
                                + c.referral().department().name() + ")",
                words.status(c.status()),
                item.dueState().css(),
                item.dueState().label(),
                item.nextDue() == null ? null : words.iso(item.nextDue()),
                item.nextDue() == null ? null : words.brief(item.nextDue()),
                c.customerRepliedAt() != null);
    }
}
