/** Business calendars: working days, opening hours, public holidays and closures. Pure code, no Spring, no I/O, no clock. */
package org.hearken.calendar;
