package org.hearken.categories;

/**
 * A root cause a response can be filed under, e.g. "Delay" or "Staff conduct". Administrators keep the list;
 * a category is deactivated rather than deleted, so that the cases filed under it keep its name.
 */
public record Category(String code, String name, String description, boolean active, int position) {}
