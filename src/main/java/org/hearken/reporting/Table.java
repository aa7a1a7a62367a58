package org.hearken.reporting;

import java.util.List;

/**
 * One table of a report: what the page shows, the CSV export writes and the JSON API returns, from the same rows, so
 * that all three always agree. Cells are strings, whole numbers ({@link Long}), decimals ({@link java.math.BigDecimal})
 * or null (nothing to show, e.g. a percentage of zero cases).
 *
 * @param name the table's name in URLs, e.g. {@code compliance} for {@code /api/reports/compliance.csv}
 * @param note what the figures count, shown under the table
 */
record Table(String name, String title, String note, List<Column> columns, List<List<Object>> rows) {

    /** {@code numeric}: right-aligned on the page; {@code percent}: a percentage (0–100, one decimal). */
    record Column(String key, String label, boolean numeric, boolean percent) {

        static Column text(String key, String label) {
            return new Column(key, label, false, false);
        }

        static Column number(String key, String label) {
            return new Column(key, label, true, false);
        }

        static Column percent(String key, String label) {
            return new Column(key, label, true, true);
        }
    }

    Table {
        columns = List.copyOf(columns);
        rows = rows.stream()
                .map(r -> java.util.Collections.unmodifiableList(new java.util.ArrayList<>(r)))
                .toList();
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The same rows with only the columns {@code keys}, in that order, under {@code title}: a wide table in parts. */
    Table part(String title, List<String> keys) {
        List<Integer> at = keys.stream()
                .map(k -> {
                    for (int i = 0; i < columns.size(); i++) {
                        if (columns.get(i).key().equals(k)) {
                            return i;
                        }
                    }
                    throw new IllegalArgumentException("No column " + k + " in table " + name);
                })
                .toList();
        return new Table(
                name,
                title,
                note,
                at.stream().map(columns::get).toList(),
                rows.stream().map(r -> at.stream().map(r::get).toList()).toList());
    }

    /** The cell in the row whose first cell is {@code rowKey}, under column {@code columnKey}; for tests and charts. */
    Object cell(String rowKey, String columnKey) {
        int c = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).key().equals(columnKey)) {
                c = i;
            }
        }
        for (List<Object> row : rows) {
            if (String.valueOf(row.getFirst()).equals(rowKey)) {
                return c < 0 ? null : row.get(c);
            }
        }
        return null;
    }
}
