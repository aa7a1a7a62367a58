package org.hearken.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * A day that was not counted towards a deadline.
 *
 * @param name the holiday's name or the closure's label; null for weekends and other non-working days
 * @param description a sentence for people, e.g. "Monday 28 December 2026: Boxing Day (observed) (public holiday)"
 */
public record SkippedDay(LocalDate date, DayOfWeek dayOfWeek, SkipReason reason, String name, String description) {}
