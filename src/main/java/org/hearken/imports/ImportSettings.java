package org.hearken.imports;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the administrator chose for a file: the name of the system it comes from ({@code source}: an old system's
 * references are unique within it), which column holds each field (by the field's name, a column's index from 0),
 * how dates are written, the zone of dates without an offset, and the file's encoding.
 */
record ImportSettings(String source, Map<String, Integer> columns, String dateFormat, String zone, String encoding) {

    ImportSettings {
        columns = columns == null ? Map.of() : Map.copyOf(columns);
    }

    Integer column(Field field) {
        return columns.get(field.name());
    }

    DateFormat format() {
        return DateFormat.valueOf(dateFormat);
    }

    ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    /**
     * The mapping guessed from the header: each field to the column whose name says it best (its own name or label
     * before a known alias), each column used once.
     */
    static Map<String, Integer> guess(List<String> header) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (int score = 2; score >= 1; score--) {
            for (Field field : Field.values()) {
                if (columns.containsKey(field.name())) {
                    continue;
                }
                for (int i = 0; i < header.size(); i++) {
                    if (!taken.contains(i) && field.match(header.get(i)) == score) {
                        columns.put(field.name(), i);
                        taken.add(i);
                        break;
                    }
                }
            }
        }
        return columns;
    }
}
