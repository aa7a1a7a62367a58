/**
 * Satisfaction surveys: after a case closes, one invitation to rate how it was handled (1–5 and a comment), answered
 * once on a public page reached by a private link; the figures for reports.
 */
package org.hearken.surveys;
