package org.hearken.reporting;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hearken.reporting.Table.Column;
import org.hearken.surveys.SatisfactionFigures;
import org.hearken.surveys.SurveyFilter;
import org.hearken.surveys.SurveyResults;
import org.springframework.stereotype.Component;

/**
 * Customer satisfaction in reports, from the surveys module's figures for the same cases as the rest of the report
 * (received in the range, in the departments the reader may see, of the kind and channel asked for).
 */
@Component
class Satisfaction {

    private final SurveyResults surveys;

    Satisfaction(SurveyResults surveys) {
        this.surveys = surveys;
    }

    /** The surveys of the cases the report covers: received in the range, in its departments, kind and channel. */
    private static SurveyFilter filter(ReportFilter f) {
        return new SurveyFilter(
                SurveyFilter.DateBasis.RECEIVED,
                f.fromInstant(),
                f.toInstant(),
                f.departmentIds() == null ? null : Set.copyOf(f.departmentIds()),
                f.kind(),
                f.channel());
    }

    /** The same surveys' figures for each client organisation, by client id. */
    java.util.Map<Long, SatisfactionFigures> byClient(ReportFilter f) {
        return surveys.figuresByClient(filter(f));
    }

    Table table(ReportFilter f) {
        SatisfactionFigures s = surveys.figures(filter(f));
        List<List<Object>> rows = new ArrayList<>();
        long sent = s.invited();
        rows.add(ReportQueries.row("Survey invitations sent", sent, null, null));
        rows.add(ReportQueries.row("Not sent (no usable e-mail address)", s.notSent(), null, null));
        rows.add(ReportQueries.row("Waiting to be sent", s.scheduled(), null, null));
        rows.add(ReportQueries.row("Answered", s.answered(), sent, Headline.percent(s.answered(), sent)));
        rows.add(ReportQueries.row("Average rating (1 to 5)", s.averageRating(), null, null));
        for (int rating = 5; rating >= 1; rating--) {
            rows.add(ReportQueries.row(
                    "Rated " + rating, s.count(rating), s.answered(), Headline.percent(s.count(rating), s.answered())));
        }
        long satisfied = s.count(4) + s.count(5);
        rows.add(ReportQueries.row(
                "Satisfied (rated 4 or 5)", satisfied, s.answered(), Headline.percent(satisfied, s.answered())));
        rows.add(ReportQueries.row(
                "With a comment", s.comments(), s.answered(), Headline.percent(s.comments(), s.answered())));
        return new Table(
                "satisfaction",
                "Customer satisfaction",
                "Satisfaction surveys sent after closure, for the cases received in the range; one answer per case.",
                List.of(
                        Column.text("measure", "Measure"),
                        Column.number("count", "Surveys"),
                        Column.number("of", "Of"),
                        Column.percent("percent", "%")),
                rows);
    }

    /** The average rating, for the headline; null when nobody answered. */
    static BigDecimal average(Table satisfaction) {
        Object v = satisfaction.cell("Average rating (1 to 5)", "count");
        return v instanceof BigDecimal d ? d : null;
    }
}
