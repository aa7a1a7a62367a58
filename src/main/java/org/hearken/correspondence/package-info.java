/**
 * Correspondence with customers: the staff-editable template library (logic-less Mustache, every version kept), the
 * channel rules that decide what is sent when, and the outbox that sends e-mail after the case change commits.
 */
package org.hearken.correspondence;
