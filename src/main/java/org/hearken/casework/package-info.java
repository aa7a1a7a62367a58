/**
 * The staff's case pages: my cases, the department queue, all cases, search, the case page with its timeline and
 * every lifecycle action as a form, and new-case entry with a preview of owner and promised dates. Built over the
 * public services of cases, intake, customers, register and correspondence, so that the one visibility rule of the
 * cases module applies to every page.
 */
package org.hearken.casework;
