package org.hearken.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JollydayHolidaysTest {

    private static Map<LocalDate, String> between(HolidaySource source, LocalDate from, LocalDate to) {
        Map<LocalDate, String> result = new TreeMap<>();
        for (int y = from.getYear(); y <= to.getYear(); y++) {
            source.holidays(y).forEach((d, name) -> {
                if (!d.isBefore(from) && !d.isAfter(to)) {
                    result.put(d, name);
                }
            });
        }
        return result;
    }

    @Test
    void newSouthWalesChristmasToNewYear2026WithBoxingDayObservedOnMonday() {
        HolidaySource nsw = HolidaySource.jollyday("AU", "nsw");
        assertThat(between(nsw, LocalDate.of(2026, 12, 1), LocalDate.of(2027, 1, 31)))
                .containsExactly(
                        entry(LocalDate.of(2026, 12, 25), "Christmas"),
                        entry(LocalDate.of(2026, 12, 26), "Boxing Day"),
                        entry(LocalDate.of(2026, 12, 28), "Boxing Day (observed)"),
                        entry(LocalDate.of(2027, 1, 1), "New Year's Day"),
                        entry(LocalDate.of(2027, 1, 26), "National Day"));
        assertThat(nsw.description()).isEqualTo("public holidays of Australia / New South Wales");
    }

    @Test
    void easterInNewSouthWales2026() {
        assertThat(between(HolidaySource.jollyday("au", "NSW"), LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30)))
                .containsExactly(
                        entry(LocalDate.of(2026, 4, 3), "Good Friday"),
                        entry(LocalDate.of(2026, 4, 4), "Easter Saturday"),
                        entry(LocalDate.of(2026, 4, 5), "Easter"),
                        entry(LocalDate.of(2026, 4, 6), "Easter Monday"),
                        entry(LocalDate.of(2026, 4, 25), "ANZAC day"),
                        entry(LocalDate.of(2026, 4, 27), "ANZAC day (observed)"));
    }

    @Test
    void onlyPublicHolidaysCount() {
        // Germany has observances (e.g. Heiligabend in some regions) that are not days off; none may appear.
        assertThat(HolidaySource.jollyday("DE", null).holidays(2026))
                .containsEntry(LocalDate.of(2026, 12, 25), "1st Christmas day")
                .doesNotContainKey(LocalDate.of(2026, 12, 24));
    }

    @Test
    void exceptLeavesOutNamedHolidays() {
        LocalDate bankHoliday = LocalDate.of(2026, 8, 3);
        assertThat(HolidaySource.jollyday("AU", "nsw").holidays(2026)).containsEntry(bankHoliday, "Bank Holiday");
        assertThat(HolidaySource.jollyday("AU", "nsw", List.of("Bank Holiday")).holidays(2026))
                .doesNotContainKey(bankHoliday);
        assertThat(HolidaySource.jollyday("AU", "nsw", List.of("BANK_HOLIDAY")).holidays(2026))
                .doesNotContainKey(bankHoliday)
                .containsKey(LocalDate.of(2026, 12, 25));
    }

    @Test
    void unknownCountryRegionOrHolidayIsAClearError() {
        assertThatThrownBy(() -> HolidaySource.jollyday("XX", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown holiday country 'XX'");
        assertThatThrownBy(() -> HolidaySource.jollyday("AU", "zzz"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown holiday region 'zzz' for AU (known: act, nsw, nt, qld, sa, tas, vic, wa)");
        assertThatThrownBy(() -> HolidaySource.jollyday("GB", "en"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eng");
        assertThatThrownBy(() -> HolidaySource.jollyday("AU", "nsw", List.of("Melbourne Cup")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'Melbourne Cup' is not one of the holidays of Australia / New South Wales");
        assertThatThrownBy(() -> HolidaySource.jollyday(" ", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noneHasNoHolidays() {
        assertThat(HolidaySource.none().holidays(2026)).isEmpty();
    }
}
