/**
 * Root-cause categories: the configurable list substantive responses are filed under, kept by administrators and read
 * by the case lifecycle, the case page and the reports.
 */
package org.hearken.categories;
