/**
 * The security audit log, apart from the case register: sign-ins and their failures, changes to roles, departments and
 * need-to-know, API tokens, exports and every opening of a confidential case. Append-only; executives and
 * administrators read and export it. Other modules record through {@link org.hearken.audit.SecurityAudit}.
 */
package org.hearken.audit;
