package org.hearken.identity;

/** A business unit that can be responsible for cases; its lead receives new cases that name no owner. */
public record Department(long id, String code, String name, Long leadId, boolean isDefault) {}
