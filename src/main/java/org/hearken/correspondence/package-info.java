/**
 * Correspondence with customers: the staff-editable template library (logic-less Mustache, every version kept), the
 * channel rules that decide what is sent when, and the outbox that sends e-mail after the case change commits; the same
 * sender also empties the outbox of notices e-mailed to staff ({@link org.hearken.correspondence.StaffMail}).
 */
package org.hearken.correspondence;
