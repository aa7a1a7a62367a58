/** The complaints register: an append-only, hash-chained record of every case event, written in the case's transaction. */
package org.hearken.register;
