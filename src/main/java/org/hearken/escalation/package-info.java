/**
 * Deadline watch: warnings before, notices at and escalations after every running stage's due date, once per cluster;
 * notices of customers' replies; and each person's choice of which notices also reach them by e-mail.
 */
package org.hearken.escalation;
