/**
 * Client organisations: the organisations some customers work for, their contacts (each customer in at most one), the
 * e-mail domains they claim, and the relationship manager and deputy who look after each; the link of a new case to
 * its contact's organisation at intake; and what a client's page and reports read of its cases.
 */
package org.hearken.clients;
