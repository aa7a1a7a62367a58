/** Customers: one record per person or organisation giving feedback, found again at intake by e-mail or phone, with all their cases. */
package org.hearken.customers;
