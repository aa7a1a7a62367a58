/**
 * The private status links: secret tokens with which a customer follows their case without an account. Intake gives
 * them out on the web form's confirmation page and the status page reads them; correspondence puts them in letters and
 * e-mails.
 */
package org.hearken.statuslinks;
