/** The case: one piece of feedback from intake to closure, with its accountable owner, department and due dates. */
package org.hearken.cases;
