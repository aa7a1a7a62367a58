package org.hearken.reporting;

import java.util.List;
import org.hearken.reporting.Table.Column;
import org.springframework.stereotype.Component;

/**
 * Customer satisfaction in reports. The figures come from the satisfaction surveys, which are not part of Hearken yet:
 * until they are, this table stays empty and says so. SATISFACTION: when the surveys module offers its ratings, fill
 * the rows here from its public query.
 */
@Component
class Satisfaction {

    Table table(ReportFilter f) {
        return new Table("satisfaction", "Customer satisfaction",
                "Satisfaction surveys are not yet part of this installation; their ratings will appear here.",
                List.of(Column.text("measure", "Measure"), Column.number("count", "Responses"), Column.percent("percent", "%")),
                List.of());
    }
}
