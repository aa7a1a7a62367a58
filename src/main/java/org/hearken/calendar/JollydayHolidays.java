package org.hearken.calendar;

import de.focus_shift.jollyday.core.CalendarHierarchy;
import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Jollyday's {@link HolidayType#PUBLIC_HOLIDAY}s only: bank holidays and observances are not days off for an
 * organisation in general. Jollyday returns a holiday that falls on a weekend twice when it has a substitute rule —
 * on its own date and on the observed date — so the substitute Monday counts as a holiday of its own.
 */
final class JollydayHolidays implements HolidaySource {

    /** Years checked when validating {@code except} entries: wide enough for any rule Jollyday has. */
    private static final int CHECK_FROM = 2000, CHECK_TO = 2100;

    private final String country;
    private final String[] regionPath;
    private final String description;
    private final Set<String> except;
    private final HolidayManager manager;
    private final Map<Integer, Map<LocalDate, String>> byYear = new ConcurrentHashMap<>();

    JollydayHolidays(String countryCode, String region, Collection<String> except) {
        if (countryCode == null || countryCode.isBlank()) {
            throw new IllegalArgumentException("a holiday country code is required, e.g. AU, GB, US or DE");
        }
        this.country = countryCode.strip().toUpperCase(Locale.ROOT);
        if (!HolidayManager.getSupportedCalendarCodes().contains(country)) {
            throw new IllegalArgumentException("unknown holiday country '" + countryCode.strip()
                    + "' (use an ISO 3166 country code that the Jollyday library supports, e.g. AU, GB, US, DE)");
        }
        try {
            this.manager = HolidayManager.getInstance(ManagerParameters.create(country));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "holidays of '" + countryCode.strip() + "' could not be loaded: " + e.getMessage(), e);
        }
        CalendarHierarchy node = manager.getCalendarHierarchy();
        StringBuilder name = new StringBuilder(node.getDescription(Locale.ENGLISH));
        List<String> path = new ArrayList<>();
        if (region != null && !region.isBlank()) {
            for (String part : region.strip().toLowerCase(Locale.ROOT).split("/")) {
                CalendarHierarchy child = node.getChildren().get(part);
                if (child == null) {
                    String known = node.getChildren().isEmpty()
                            ? "it has none"
                            : "known: "
                                    + String.join(
                                            ", ",
                                            new TreeSet<>(node.getChildren().keySet()));
                    throw new IllegalArgumentException("unknown holiday region '" + region.strip() + "' for "
                            + countryCode.strip().toUpperCase(Locale.ROOT) + " (" + known + ")");
                }
                path.add(part);
                name.append(" / ").append(child.getDescription(Locale.ENGLISH));
                node = child;
            }
        }
        this.regionPath = path.toArray(String[]::new);
        this.description = "public holidays of " + name;
        this.except = except.stream().map(JollydayHolidays::normalise).collect(Collectors.toUnmodifiableSet());
        if (!this.except.isEmpty()) {
            checkExceptNamesExist(except);
        }
    }

    private void checkExceptNamesExist(Collection<String> requested) {
        Set<String> seen = new TreeSet<>();
        Set<String> names = new TreeSet<>();
        for (int y = CHECK_FROM; y <= CHECK_TO; y++) {
            for (Holiday h : raw(y)) {
                seen.add(normalise(h.getPropertiesKey()));
                seen.add(normalise(keyWithoutPrefix(h.getPropertiesKey())));
                seen.add(normalise(h.getDescription(Locale.ENGLISH)));
                names.add(h.getDescription(Locale.ENGLISH));
            }
        }
        for (String e : requested) {
            if (!seen.contains(normalise(e))) {
                throw new IllegalArgumentException("'" + e + "' is not one of the holidays of " + name()
                        + " (they are: " + String.join(", ", names) + ")");
            }
        }
    }

    private String name() {
        return description.substring("public holidays of ".length());
    }

    private Set<Holiday> raw(int year) {
        return manager.getHolidays(Year.of(year), HolidayType.PUBLIC_HOLIDAY, regionPath);
    }

    @Override
    public Map<LocalDate, String> holidays(int year) {
        return byYear.computeIfAbsent(year, this::load);
    }

    private Map<LocalDate, String> load(int year) {
        Map<LocalDate, List<String>> names = new TreeMap<>();
        for (Holiday h : new TreeSet<>(raw(year))) {
            if (excluded(h)) {
                continue;
            }
            String label =
                    h.getDescription(Locale.ENGLISH) + (h.getObservedDate().isPresent() ? " (observed)" : "");
            List<String> onDay = names.computeIfAbsent(h.getDate(), d -> new ArrayList<>(1));
            if (!onDay.contains(label)) {
                onDay.add(label);
            }
        }
        Map<LocalDate, String> result = new LinkedHashMap<>();
        names.forEach((date, list) -> result.put(date, String.join(" / ", list)));
        return Collections.unmodifiableMap(result);
    }

    private boolean excluded(Holiday h) {
        return !except.isEmpty()
                && (except.contains(normalise(h.getPropertiesKey()))
                        || except.contains(normalise(keyWithoutPrefix(h.getPropertiesKey())))
                        || except.contains(normalise(h.getDescription(Locale.ENGLISH))));
    }

    private static String keyWithoutPrefix(String key) {
        return key == null ? "" : key.substring(key.lastIndexOf('.') + 1);
    }

    private static String normalise(String s) {
        return s == null ? "" : s.strip().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "Jollyday[" + country + (regionPath.length == 0 ? "" : "/" + String.join("/", regionPath))
                + (except.isEmpty() ? "" : " except " + except) + "]";
    }
}
