package org.hearken.calendar;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link BusinessCalendar} learns the public holidays. Holidays come from a maintained library, never from
 * tables typed into Hearken: rules such as "Boxing Day on a Saturday is observed on the Monday" are easy to get wrong.
 */
public interface HolidaySource {

    /**
     * The public holidays of one year, date to English name. A substitute day carries the name of the holiday it
     * stands in for, e.g. "Boxing Day (observed)". A date with several holidays has their names joined by " / ".
     */
    Map<LocalDate, String> holidays(int year);

    /** For explanations and logs, e.g. "public holidays of Australia / New South Wales". */
    String description();

    /** No public holidays at all: only working days, hours and closures count. */
    static HolidaySource none() {
        return NoHolidays.INSTANCE;
    }

    /**
     * Public holidays from the Jollyday library.
     *
     * @param countryCode ISO 3166 code as Jollyday knows it, e.g. "AU", "GB", "US", "DE" (case-insensitive)
     * @param region optional subdivision path, e.g. "nsw" (Australia / New South Wales) or "eng" (GB / England);
     *     nested levels are separated by '/'; null or blank means national holidays only
     * @throws IllegalArgumentException naming the unknown country or region
     */
    static HolidaySource jollyday(String countryCode, String region) {
        return new JollydayHolidays(countryCode, region, List.of());
    }

    /**
     * As {@link #jollyday(String, String)}, leaving out holidays the organisation works on. Each entry of
     * {@code except} is a holiday's English name or Jollyday key (e.g. "Bank Holiday" or "BANK_HOLIDAY"), matched
     * case-insensitively; an entry that names no holiday of that country and region is an error, so that a typo
     * cannot silently keep a holiday.
     */
    static HolidaySource jollyday(String countryCode, String region, Collection<String> except) {
        return new JollydayHolidays(countryCode, region, except);
    }
}

enum NoHolidays implements HolidaySource {
    INSTANCE;

    @Override
    public Map<LocalDate, String> holidays(int year) {
        return Map.of();
    }

    @Override
    public String description() {
        return "no public holidays";
    }
}
