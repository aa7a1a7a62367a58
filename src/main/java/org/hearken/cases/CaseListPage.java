package org.hearken.cases;

import java.util.List;

/** One page of a staff list; {@code next} is the cursor for the following page, absent on the last. */
public record CaseListPage(List<CaseListItem> items, String next) {}
