package org.hearken.surveys;

import java.time.Instant;

/** One customer's answer with its comment, for a report's list of recent comments. */
public record SurveyComment(String reference, long departmentId, int rating, String comment, Instant answeredAt) {}
