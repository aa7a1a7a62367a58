package org.hearken.cases;

import java.util.List;

/** One page of cases, newest first; {@code next} is the cursor for the following page, absent on the last. */
public record CasePage(List<CaseView> items, String next) {}
