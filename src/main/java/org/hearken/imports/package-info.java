/**
 * Bringing an organisation's existing register of cases into Hearken from a CSV file: upload, a column mapping, a dry
 * run that lists every row's problems, and the import itself as a durable background job with its progress.
 */
package org.hearken.imports;
