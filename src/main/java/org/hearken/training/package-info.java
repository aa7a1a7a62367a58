/**
 * Staff training on the complaints procedure: when each member of staff was trained and on which service policy
 * version, and who holds open cases without training on the version in force.
 */
package org.hearken.training;
