/** Deadline watch: warnings before, notices at and escalations after every running stage's due date, once per cluster. */
package org.hearken.escalation;
