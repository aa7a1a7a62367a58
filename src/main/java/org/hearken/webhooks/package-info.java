/**
 * Webhooks: every case event, signed (HMAC-SHA256, the Standard Webhooks scheme) and sent to the HTTPS endpoints
 * administrators subscribe, at least once and in order per case, with every attempt logged and redelivery on request.
 * Deliveries are written in the transaction of the change; db-scheduler's jobs in PostgreSQL (table {@code webhook_task})
 * serve them, one job per subscription and case, with its heartbeat, so several instances never deliver a case's events
 * to one subscription at once and a crashed instance's work is taken over.
 */
package org.hearken.webhooks;
