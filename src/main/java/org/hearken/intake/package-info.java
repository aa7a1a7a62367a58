/** Channels into Hearken: the REST API, staff entry, the public form and e-mail all end in a new case. */
package org.hearken.intake;
