/**
 * Reporting: how well the organisation keeps its service standard. Read-only SQL over views this module owns, the
 * report page and API with CSV export, the suggestions log and the management review pack (PDF).
 */
package org.hearken.reporting;
