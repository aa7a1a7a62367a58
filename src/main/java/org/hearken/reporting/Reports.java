package org.hearken.reporting;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hearken.identity.Actor;
import org.hearken.identity.StaffDirectory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds reports: the headline figures and every table, read in one repeatable-read transaction, so that they agree
 * with each other even while cases change.
 */
@Service
class Reports {

    /** Tables in the page's order; each can be downloaded as {@code /api/reports/{name}.csv}. */
    static final List<String> TABLES = List.of(
            "compliance",
            "departments",
            "clients",
            "volume-by-kind",
            "volume-by-channel",
            "volume-by-department",
            "volume-by-category",
            "categories",
            "category-trend",
            "backlog",
            "extensions",
            "extension-reasons",
            "reviews",
            "review-list",
            "outcomes",
            "remedies",
            "breaches",
            "breach-list",
            "satisfaction");

    private final ReportQueries queries;
    private final ReportFigures figures;
    private final BusinessDays businessDays;
    private final Satisfaction satisfaction;
    private final StaffDirectory directory;
    private final Clock clock;
    private final TransactionTemplate snapshot;

    Reports(
            ReportQueries queries,
            ReportFigures figures,
            BusinessDays businessDays,
            Satisfaction satisfaction,
            StaffDirectory directory,
            Clock clock,
            org.hearken.platform.ReadDatabase read) {
        this.snapshot = new TransactionTemplate(read.transactions());
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.queries = queries;
        this.figures = figures;
        this.businessDays = businessDays;
        this.satisfaction = satisfaction;
        this.directory = directory;
        this.clock = clock;
    }

    /** The compliance figures alone: the report's main query. */
    Headline headline(ReportFilter f) {
        return headline(f, false);
    }

    /**
     * The compliance figures; {@code direct}: counted from every case of the range, as the summaries are checked
     * against.
     */
    Headline headline(ReportFilter f, boolean direct) {
        Instant now = prepare(f);
        return snapshot.execute(tx -> direct
                ? queries.headline(f, now)
                : unchecked(() ->
                        figures.figures(f, now, figures.sources(f, now), false).headline()));
    }

    Report report(ReportFilter f, Actor actor) {
        return report(f, actor, false);
    }

    /** The whole report; {@code direct}: every table counted from every case of the range. */
    Report report(ReportFilter f, Actor actor, boolean direct) {
        Instant now = prepare(f);
        return snapshot.execute(tx -> direct ? build(f, actor, now) : unchecked(() -> summarised(f, actor, now)));
    }

    private Report build(ReportFilter f, Actor actor, Instant now) {
        Headline headline = queries.headline(f, now);
        Map<String, Table> tables = new LinkedHashMap<>();
        put(tables, ReportQueries.complianceTable(headline));
        put(tables, queries.byDepartment(f, now));
        put(tables, queries.byClient(f, now, satisfaction.byClient(f)));
        List<Table> volumes = queries.volumes(f, now, 5);
        put(tables, volumes, queries.categories(f, now));
        put(tables, queries.backlog(f, now));
        put(tables, queries.extensions(f, now));
        put(tables, queries.extensionReasons(f, now, actor));
        put(tables, queries.reviews(f, now));
        put(tables, queries.reviewList(f, now, actor));
        put(tables, queries.outcomes(f, now));
        put(tables, queries.remedies(f, now));
        put(tables, queries.breachesByStage(f, now));
        put(tables, queries.breachList(f, now, actor));
        put(tables, satisfaction.table(f));
        return new Report(scope(f, now), headline, tables);
    }

    /** The same report, its counted figures from the summaries and the cases changed since (ReportFigures). */
    private Report summarised(ReportFilter f, Actor actor, Instant now) throws SQLException {
        ReportFigures.Sources sources = figures.sources(f, now);
        ReportFigures.Figures counted = figures.figures(f, now, sources, true);
        List<ReportFigures.CategoryCount> categories = figures.categories(f, now, sources);
        Headline headline = counted.headline();
        Map<String, Table> tables = new LinkedHashMap<>();
        put(tables, ReportQueries.complianceTable(headline));
        put(tables, counted.departments(figures.departmentsByName()));
        put(tables, queries.byClient(f, now, satisfaction.byClient(f)));
        List<ReportQueries.Count> volumeCounts = new ArrayList<>(counted.volumes());
        volumeCounts.addAll(ReportFigures.categoryVolumes(categories));
        put(tables, queries.volumeTables(f, volumeCounts, 5), figures.categoriesTable(categories));
        put(tables, queries.backlog(f, now));
        put(tables, figures.extensions(f, now, sources));
        put(tables, queries.extensionReasons(f, now, actor));
        put(tables, counted.reviews());
        put(tables, queries.reviewList(f, now, actor));
        put(tables, counted.outcomes());
        put(tables, figures.remedies(f, now, sources));
        put(tables, counted.breaches());
        put(tables, queries.breachList(f, now, actor));
        put(tables, satisfaction.table(f));
        return new Report(scope(f, now), headline, tables);
    }

    /** The volume tables, with the categories table before the categories over time. */
    private static void put(Map<String, Table> tables, List<Table> volumes, Table categories) {
        volumes.stream().filter(t -> !t.name().equals("category-trend")).forEach(t -> put(tables, t));
        put(tables, categories);
        volumes.stream().filter(t -> t.name().equals("category-trend")).forEach(t -> put(tables, t));
    }

    private interface Counting<T> {
        T get() throws SQLException;
    }

    private static <T> T unchecked(Counting<T> counting) {
        try {
            return counting.get();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Report.Scope scope(ReportFilter f, Instant now) {
        List<String> departments = f.departmentIds() == null
                ? null
                : f.departmentIds().stream()
                        .map(id -> directory.department(id).map(d -> d.code()).orElse(null))
                        .filter(java.util.Objects::nonNull)
                        .sorted()
                        .toList();
        return new Report.Scope(
                f.from(),
                f.to(),
                f.department(),
                f.kind(),
                f.channel(),
                departments,
                f.period().name(),
                f.zone().getId(),
                now);
    }

    private static void put(Map<String, Table> tables, Table t) {
        tables.put(t.name(), t);
    }

    /** The time the report is "as at", and the business calendar rows it needs. */
    private Instant prepare(ReportFilter f) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        LocalDate today = now.atZone(f.zone()).toLocalDate();
        // The backlog reaches back to the oldest open case; one index look-up finds it.
        LocalDate oldestOpen = queries.oldestOpen(f.zone());
        LocalDate from = oldestOpen != null && oldestOpen.isBefore(f.from()) ? oldestOpen : f.from();
        businessDays.cover(from, today.isAfter(f.to()) ? today : f.to());
        return now;
    }
}
